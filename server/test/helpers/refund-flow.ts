// What the tool tests over HTTP run: the demo MCP server's payments tools in a tools
// configuration of their own, and one agent whose offline script refunds an order through them,
// then answers with the tool's result.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../..");
export function refundFlow(tools: unknown[], refund: { order_id: string; amount: number }) {
  return {
    schemaVersion: 2,
    name: "Refund",
    nodes: [
      { id: "start", type: "start" },
      {
        id: "agent",
        type: "agent",
        data: { name: "agent", model: "scripted/demo", tools, script: [{ calls: [{ tool: "refund", arguments: refund }], reply: "{{result}}" }] },
      },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "agent" },
      { id: "e2", source: "agent", target: "end" },
    ],
  };
}

/**
 * A tools configuration in a temp folder whose `payments` server is the demo MCP server (a real
 * child process) writing to its own ledger; `extra` adds servers. `refunds()` reads the ledger.
 */
export function demoPayments(env: Record<string, string> = {}, extra: (dir: string) => Record<string, unknown> = () => ({})) {
  const dir = mkdtempSync(join(tmpdir(), "tandem-payments-"));
  const ledger = join(dir, "ledger.jsonl");
  const config = join(dir, "tools.json");
  const payments = { command: process.execPath, args: [join(ROOT, "examples/mcp/demo-server.mjs"), "payments"], env: { LEDGER: ledger, ...env } };
  writeFileSync(config, JSON.stringify({ mcpServers: { payments, ...extra(dir) } }));
  return {
    config,
    refunds: (): { order_id: string; amount: number; key?: string }[] =>
      existsSync(ledger) ? readFileSync(ledger, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.type === "refund") : [],
  };
}
