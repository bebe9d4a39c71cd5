// Tandem calling the no-op MCP tool: the engine with a SQLite store in a temp folder, one agent
// with `mcp:bench/noop` (no approval, maxToolCalls K), the ToolBox over the real McpPool, and an
// in-process model that asks for one call per turn until the engine offers no more tools, then
// answers (free, like LangGraph's stub). Run through tsx: the engine is TypeScript source.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine, checkpointInBackground, createRegistry, createSqliteEventStore, openDb } from "@tandem/server";
import { parseToolsConfig } from "../../server/src/tools/config.js";
import { McpPool } from "../../server/src/tools/mcp.js";
import { createToolBox } from "../../server/src/tools/toolbox.js";
import { K, measure, noopServer } from "./tools-common.mjs";

const model = {
  id: "bench",
  async *stream(req) {
    if (req.toolChoice === "none") yield { type: "done", content: "done" };
    else yield { type: "done", content: "", toolCalls: [{ id: "call", name: "noop", arguments: "{}" }] };
  },
};

const flow = {
  schemaVersion: 2,
  name: "tool calls",
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } },
    {
      id: "agent",
      type: "agent",
      position: { x: 0, y: 0 },
      data: { name: "agent", model: "bench/stub", systemMessage: "", tools: [{ ref: "mcp:bench/noop", approval: { mode: "never" } }], maxToolCalls: K },
    },
    { id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "agent", data: {} },
    { id: "e2", source: "agent", target: "end", data: {} },
  ],
};

const config = parseToolsConfig({ mcpServers: { bench: noopServer } }, { env: {}, file: undefined, base: process.cwd() });
const tools = createToolBox({ mcp: new McpPool(config) });

const dir = mkdtempSync(join(tmpdir(), "tandem-bench-"));
const db = openDb(dir);
// As the server does: WAL checkpoints on a worker thread.
const stopCheckpoints = checkpointInBackground(db, (e) => console.error(e));
const store = createSqliteEventStore(db);
const engine = new Engine({ store, registry: createRegistry({ env: {}, providers: { bench: model } }), tools });

await measure("tandem", async () => {
  const state = await engine.start(flow, "go").done;
  const calls = Object.values(state.toolCalls);
  if (state.status !== "completed" || calls.length !== K || calls.some((c) => c.status !== "done" || c.result !== "ok")) {
    throw new Error(`the run ended ${state.status} (${state.error?.message ?? "no error"}) with ${calls.length} calls: ${JSON.stringify(calls.at(-1))}`);
  }
});
await tools.close();
await stopCheckpoints();
store.close();
rmSync(dir, { recursive: true, force: true });
