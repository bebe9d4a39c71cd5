// The engine with the real ollama SDK against the fake Ollama server on 127.0.0.1, the registry
// configured by OLLAMA_HOST as a server is, and a real SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { costOf, type EventOf, type ModelPrice, type RunEvent, type RunEventType, type ToolSpec } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { Engine } from "../src/engine/engine.js";
import type { RetryPolicy } from "../src/engine/deps.js";
import { createRegistry } from "../src/providers/registry.js";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { createToolBox } from "../src/tools/toolbox.js";
import { startFakeOllama, type FakeOllama } from "./fakes/fake-ollama.js";

/** start → writer (ollama/llama3.2 unless told, with the tools given) → end */
const flow = (tools: unknown[] = [], model = "ollama/llama3.2") =>
  checkFlowDocument({
    schemaVersion: 2,
    name: "One local writer",
    nodes: [
      { id: "start", type: "start", data: { name: "user" } },
      { id: "writer", type: "agent", data: { name: "writer", model, systemMessage: "You write.", tools } },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "writer" },
      { id: "e2", source: "writer", target: "end" },
    ],
  });

const LOOKUP: ToolSpec = { name: "lookup", description: "Looks an order up", parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] } };

let fake: FakeOllama;
let dir: string;
let store: EventStore;
let lookups: unknown[];
const engines: Engine[] = [];

beforeEach(async () => {
  fake = await startFakeOllama();
  dir = mkdtempSync(join(tmpdir(), "tandem-engine-ollama-"));
  store = createSqlEventStore((await openSql(dir)).sql);
  lookups = [];
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function makeEngine(options: { retry?: Partial<RetryPolicy>; prices?: Record<string, ModelPrice> } = {}): Engine {
  const registry = createRegistry({ env: { OLLAMA_HOST: fake.url }, prices: options.prices });
  expect(registry.offline).toBe(false);
  const tools = createToolBox({
    code: {
      spec: (name) => (name === "lookup" ? LOOKUP : undefined),
      list: () => [LOOKUP],
      async call(_name, args) {
        lookups.push(args);
        return { content: `order ${(args as { order_id: string }).order_id}: 250 USD, paid` };
      },
    },
  });
  const engine = new Engine({ store, registry, tools, retry: { baseDelayMs: 10, maxDelayMs: 50, ...options.retry } });
  engines.push(engine);
  return engine;
}

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe("engine + ollama provider", () => {
  it("streams the reply into the run and records usage and stop reason, with no cost at the shipped (free) price", async () => {
    const text = "Tea began in China, crossed to Japan, and reached Europe by ship.";
    fake.enqueue({ text });
    const run = await makeEngine().start(flow(), "Summarise the history of tea.");
    const deltasSeen: string[] = [];
    run.subscribe((e) => {
      if (e.type === "message.delta") deltasSeen.push(e.text);
    });
    const state = await run.done;

    expect(state.status).toBe("completed");
    expect(state.output).toBe(text);
    expect(deltasSeen.join("")).toBe(text);
    const events = await store.events(run.id);
    // The fake counts words: system (2) + name-led input (6) prompt words, 12 reply words.
    const response = ofType(events, "llm.response")[0]!;
    expect(response).toMatchObject({ nodeId: "writer", content: text, retries: 0, usage: { promptTokens: 8, completionTokens: 12 }, stopReason: "stop" });
    // ollama/* costs nothing per token, and a zero cost is not recorded.
    expect(response).not.toHaveProperty("costUsd");
    expect(state.costUsd ?? 0).toBe(0);
    expect(ofType(events, "llm.request")[0]).toMatchObject({ model: "ollama/llama3.2" });
    expect(fake.calls[0]!.body.messages).toEqual([
      { role: "system", content: "You write." },
      { role: "user", content: "user: Summarise the history of tea." },
    ]);
  });

  it("records the cost at a price the server sets for the model", async () => {
    const price = { input: 0.5, output: 1.5 };
    fake.enqueue({ text: "A short reply." });
    const state = await (await makeEngine({ prices: { "ollama/llama3.2": price } }).start(flow(), "Write.")).done;

    const response = ofType(await store.events(state.runId), "llm.response")[0]!;
    expect(response.usage).toEqual({ promptTokens: 4, completionTokens: 3 });
    expect(response.costUsd).toBe(costOf(response.usage!, price));
    expect(state.costUsd).toBe(response.costUsd);
  });

  it("a 429 with Retry-After, then success: one llm.retry waiting as the server asked", async () => {
    fake.enqueue({ status: 429, retryAfter: "0.3" }, { text: "Second time lucky." });
    const state = await (await makeEngine({ retry: { maxDelayMs: 2000 } }).start(flow(), "Write.")).done;

    expect(state.status).toBe("completed");
    const events = await store.events(state.runId);
    expect(ofType(events, "llm.retry")).toMatchObject([{ nodeId: "writer", attempt: 1, delayMs: 300 }]);
    expect(ofType(events, "llm.retry")[0]!.error).toContain("too many requests");
    expect(ofType(events, "llm.response")[0]).toMatchObject({ retries: 1, content: "Second time lucky." });
    expect(fake.calls).toHaveLength(2);
  });

  it("a model the server does not have fails the run at once, saying how to pull it", async () => {
    const state = await (await makeEngine().start(flow([], "ollama/mistral"), "Write.")).done;

    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "model_error", nodeId: "writer" });
    expect(state.error!.message).toContain('run "ollama pull mistral" there');
    expect(ofType(await store.events(state.runId), "llm.retry")).toEqual([]);
    expect(fake.calls).toHaveLength(1);
  });

  it("a tool round-trip: the model's call runs, its result goes back by tool name, and the model answers; the run replays without the server", async () => {
    // The model looks the order up, then answers with what the tool said.
    const respond = (body: any) => {
      const result = body.messages.findLast((m: any) => m.role === "tool");
      return result ? { text: `Found it: ${result.content}` } : { toolCalls: [{ name: "lookup", arguments: { order_id: "A-1" } }] };
    };
    await fake.close();
    fake = await startFakeOllama({ respond });
    const run = await makeEngine().start(flow([{ ref: "code:lookup", approval: { mode: "never" } }]), "Where is order A-1?");
    const state = await run.done;

    expect(state.status).toBe("completed");
    expect(state.output).toBe("Found it: order A-1: 250 USD, paid");
    expect(lookups).toEqual([{ order_id: "A-1" }]);
    const events = await store.events(run.id);
    expect(ofType(events, "llm.response").map((r) => r.stopReason)).toEqual(["tool_calls", "stop"]);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[0]!.body.tools).toEqual([{ type: "function", function: LOOKUP }]);
    expect(fake.calls[1]!.body.messages.slice(2)).toEqual([
      { role: "assistant", content: "", tool_calls: [{ function: { name: "lookup", arguments: { order_id: "A-1" } } }] },
      { role: "tool", content: "order A-1: 250 USD, paid", tool_name: "lookup" },
    ]);

    // Golden replay: the recording gives the same events back, and nothing reaches the server or the tool.
    const replayed = await replayRun(events);
    const timeless = (es: RunEvent[]) => comparable(es.map((e) => (e.type === "tool.result" ? { ...e, durationMs: 0 } : e)));
    expect(timeless(replayed)).toEqual(timeless(events));
    expect(fake.calls).toHaveLength(2);
    expect(lookups).toHaveLength(1);
  });

  it("replays a plain run identically without calling the server", async () => {
    fake.enqueue({ text: "One reply, recorded once." });
    const recorded = await store.events((await (await makeEngine().start(flow(), "Write.")).done).runId);
    const replayed = await replayRun(recorded);
    expect(comparable(replayed)).toEqual(comparable(recorded));
    expect(fake.calls).toHaveLength(1);
  });
});
