// McpPool against the real demo MCP server (official SDK) in real child processes, over stdio and
// Streamable HTTP: live listings, calls that land once in the ledger with their key, timeouts that
// cancel, crashes that reconnect, servers that will not start, no process left after close(), and the ToolBox on top.
import { getEventListeners } from "node:events";
import { afterEach, expect, test, vi } from "vitest";
import { parseFlow, type Flow } from "@tandem/shared";
import { McpPool, type McpPoolOptions } from "../src/tools/mcp.js";
import { createToolBox } from "../src/tools/toolbox.js";
import { ToolError } from "../src/tools/types.js";
import { sampleFlow } from "./helpers/sample-flows.js";
import { childrenRunning, demoChildren, demoStdio, ledgerLine, poolConfig, readLedger, startDemoHttp, tempLedger, type DemoHttp } from "./helpers/mcp-demo.js";

// Each test starts real Node processes, several on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const open: McpPool[] = [];
const https: DemoHttp[] = [];
// Starting a server may take long on a busy machine: the tests give it a minute unless they say.
const pool = (config: ConstructorParameters<typeof McpPool>[0], options: McpPoolOptions = { startTimeoutMs: 60_000 }) => {
  const p = new McpPool(config, options);
  open.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
  await Promise.all(https.splice(0).map((h) => h.stop()));
});

const call = (key: string, timeoutMs = 60_000) => ({ idempotencyKey: key, timeoutMs, signal: new AbortController().signal });

/** The ToolError a promise rejects with. */
async function toolError(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

test("lists the servers over stdio live, with each tool's name, description and argument schema", async () => {
  const ledger = tempLedger();
  const mcp = pool(poolConfig({ payments: demoStdio("payments", { LEDGER: ledger }), library: demoStdio("library") }));
  const [payments, library] = await mcp.list();
  expect(payments).toMatchObject({ name: "payments", transport: "stdio", status: "up" });
  expect(payments!.tools.map((t) => t.name)).toEqual(["refund", "get_order"]);
  expect(payments!.tools[0]!.description).toMatch(/refund/i);
  expect(payments!.tools[0]!.parameters).toMatchObject({
    type: "object",
    properties: { order_id: { type: "string" }, amount: { type: "number" }, reason: { type: "string" } },
    required: ["order_id", "amount"],
  });
  expect(payments!.tools[0]!.parameters).not.toHaveProperty("$schema");
  expect(library).toMatchObject({ name: "library", status: "up", tools: [{ name: "search" }] });
  expect(await mcp.tools("library")).toEqual(library!.tools);
  // Listing touches nothing.
  expect(readLedger(ledger)).toEqual([]);
});

test("lists and calls a server over Streamable HTTP", async () => {
  const http = await startDemoHttp("library");
  https.push(http);
  const mcp = pool(poolConfig({ remote: { url: http.url, headers: { Authorization: "Bearer {{secret.REMOTE_KEY}}" } } }, { REMOTE_KEY: "k-123" }));
  const [remote] = await mcp.list();
  expect(remote).toMatchObject({ name: "remote", transport: "http", status: "up", tools: [{ name: "search" }] });
  const found = await mcp.call("remote", "search", { query: "refund" }, call("tandem-r1-c1"));
  expect(found).toEqual({ content: expect.stringContaining("Refund policy") });
});

test("a call lands once in the ledger with its idempotency key; a retry with the same key lands nothing new", async () => {
  const ledger = tempLedger();
  const config = poolConfig({ payments: demoStdio("payments", { LEDGER: ledger }) });
  const first = await pool(config).call("payments", "refund", { order_id: "A-1001", amount: 250, reason: "late" }, call("tandem-r1-c1"));
  expect(first).toEqual({ content: "Refunded $250.00 on order A-1001 (refund R-1)." });
  expect(readLedger(ledger)).toEqual([{ type: "refund", key: "tandem-r1-c1", order_id: "A-1001", amount: 250, reason: "late", refund_id: "R-1" }]);

  // The retry comes from another pool, so another server process: the ledger remembers the key.
  const again = await pool(config).call("payments", "refund", { order_id: "A-1001", amount: 250, reason: "late" }, call("tandem-r1-c1"));
  expect(again).toEqual(first);
  expect(readLedger(ledger)).toHaveLength(1);

  // Another call is another refund.
  const other = await pool(config).call("payments", "refund", { order_id: "A-1001", amount: 20 }, call("tandem-r1-c2"));
  expect(other.content).toContain("R-2");
  expect(readLedger(ledger).map((l) => l.key)).toEqual(["tandem-r1-c1", "tandem-r1-c2"]);
});

test("the same key sent to two server processes at once lands one refund", async () => {
  const ledger = tempLedger();
  const config = poolConfig({ payments: demoStdio("payments", { LEDGER: ledger, DEMO_REFUND_DELAY_MS: "200" }) });
  const [a, b] = [pool(config), pool(config)];
  await Promise.all([a.tools("payments"), b.tools("payments")]);
  const args = { order_id: "A-7", amount: 70 };
  const [first, second] = await Promise.all([a.call("payments", "refund", args, call("tandem-r2-c1")), b.call("payments", "refund", args, call("tandem-r2-c1"))]);
  expect(second).toEqual(first);
  expect(readLedger(ledger)).toMatchObject([{ key: "tandem-r2-c1", order_id: "A-7", amount: 70 }]);
});

test("structured content when there is no text, and a tool's own error as isError", async () => {
  const ledger = tempLedger();
  const mcp = pool(poolConfig({ payments: demoStdio("payments", { LEDGER: ledger }) }));
  const order = await mcp.call("payments", "get_order", { order_id: "A-1001" }, call("k1"));
  expect(JSON.parse(order.content)).toMatchObject({ order_id: "A-1001", status: expect.any(String) });
  const refused = await mcp.call("payments", "refund", { order_id: "A-1001", amount: -5 }, call("k2"));
  expect(refused.isError).toBe(true);
  expect(refused.content).toMatch(/amount/);
  expect(readLedger(ledger)).toEqual([]);
});

test("calls sharing one signal leave no listener on it", async () => {
  const mcp = pool(poolConfig({ library: demoStdio("library") }));
  const run = new AbortController();
  for (let i = 0; i < 12; i++) await mcp.call("library", "search", { query: "returns" }, { idempotencyKey: `k${i}`, timeoutMs: 60_000, signal: run.signal });
  expect(getEventListeners(run.signal, "abort")).toEqual([]);
});

test("a tool that does not answer times out, the server is told to cancel it, and the server goes on serving", async () => {
  const ledger = tempLedger();
  const mcp = pool(poolConfig({ payments: demoStdio("payments", { LEDGER: ledger, DEMO_HANG_TOOL: "1" }) }));
  await mcp.tools("payments");
  const [pid] = demoChildren();
  const error = await toolError(mcp.call("payments", "hang", {}, call("tandem-r1-hang", 300)));
  expect(error.code).toBe("timeout");
  expect(error.message).toContain('"payments/hang"');
  // The server saw the cancellation (it writes it down when it does).
  expect(await ledgerLine(ledger, (l) => l.type === "cancelled")).toEqual({ type: "cancelled", key: "tandem-r1-hang" });
  const after = await mcp.call("payments", "refund", { order_id: "A-2", amount: 5 }, call("tandem-r1-c2"));
  expect(after.content).toContain("Refunded $5.00");
  expect(demoChildren()).toEqual([pid]);
});

test("the caller's abort cancels the call as the caller's own error", async () => {
  const ledger = tempLedger();
  const mcp = pool(poolConfig({ payments: demoStdio("payments", { LEDGER: ledger, DEMO_HANG_TOOL: "1" }) }));
  const abort = new AbortController();
  const calling = mcp.call("payments", "hang", {}, { idempotencyKey: "tandem-r1-a", timeoutMs: 60_000, signal: abort.signal });
  await mcp.tools("payments");
  const reason = new Error("run cancelled");
  abort.abort(reason);
  await expect(calling).rejects.toBe(reason);
  expect(await ledgerLine(ledger, (l) => l.type === "cancelled")).toMatchObject({ key: "tandem-r1-a" });
});

test("a server that crashes mid-call makes the call unavailable; the next call starts it again", async () => {
  const ledger = tempLedger();
  const mcp = pool(poolConfig({ payments: demoStdio("payments", { LEDGER: ledger, DEMO_CRASH_TOOL: "1" }) }));
  await mcp.tools("payments");
  const [before] = demoChildren();
  const error = await toolError(mcp.call("payments", "crash", {}, call("tandem-r1-c1")));
  expect(error.code).toBe("unavailable");
  expect(error.message).toContain('MCP server "payments"');
  const after = await mcp.call("payments", "refund", { order_id: "A-3", amount: 7 }, call("tandem-r1-c2"));
  expect(after.content).toContain("Refunded $7.00");
  const now = demoChildren();
  expect(now).toHaveLength(1);
  expect(now[0]).not.toBe(before);
  expect(readLedger(ledger)).toHaveLength(1);
});

test("servers that do not start are down with why, the others up; list() never throws", async () => {
  const mcp = pool(
    poolConfig({
      library: demoStdio("library"),
      missing: { command: "/nonexistent/mcp-server", args: [], env: {}, cwd: "/" },
      failing: { command: process.execPath, args: ["-e", 'console.error("Error: no database at /var/db"); process.exit(3)'], env: {}, cwd: "/" },
      unset: { url: "http://127.0.0.1:9/mcp", headers: { Authorization: "Bearer {{secret.REMOTE_KEY}}" } },
      refused: { url: "http://127.0.0.1:9/mcp", headers: {} },
    }),
  );
  const statuses = Object.fromEntries((await mcp.list()).map((s) => [s.name, s]));
  expect(statuses.library).toMatchObject({ status: "up" });
  for (const name of ["missing", "failing", "unset", "refused"]) {
    expect(statuses[name], name).toMatchObject({ status: "down", tools: [], error: expect.stringContaining(`MCP server "${name}" is down`) });
  }
  expect(statuses.missing!.error).toContain("ENOENT");
  expect(statuses.failing!.error).toContain("stderr: Error: no database at /var/db");
  expect(statuses.unset!.error).toContain('secret "REMOTE_KEY" is not set');
  // A call to a server that is down says so; the one that never answered was stopped.
  const error = await toolError(mcp.call("failing", "anything", {}, call("k")));
  expect(error).toMatchObject({ code: "unavailable", message: expect.stringContaining('MCP server "failing" is down') });
  expect(demoChildren()).toHaveLength(1);
});

test("a server that never answers is down once the start timeout has passed, and its process is stopped", async () => {
  const mcp = pool(poolConfig({ silent: { command: process.execPath, args: ["-e", "process.stdin.resume()"], env: {}, cwd: "/" } }), { startTimeoutMs: 300 });
  const [silent] = await mcp.list();
  expect(silent).toMatchObject({ status: "down", error: expect.stringMatching(/MCP server "silent" is down: .*timed out/i) });
  expect(childrenRunning("process.stdin.resume()")).toEqual([]);
});

test("a secret given to a server never shows in its errors", async () => {
  const mcp = pool(
    poolConfig(
      { leaky: { command: process.execPath, args: ["-e", 'console.error("Error: bad token " + process.env.TOKEN); process.exit(1)'], env: { TOKEN: "{{secret.K}}" }, cwd: "/" } },
      { K: "s3cr3t-value" },
    ),
  );
  const [leaky] = await mcp.list();
  expect(leaky!.error).toContain("bad token ***");
  expect(leaky!.error).not.toContain("s3cr3t-value");
});

test("an unknown server is unavailable, naming it and the configured ones", async () => {
  const mcp = pool(poolConfig({ library: demoStdio("library") }));
  expect([mcp.has("library"), mcp.has("billing"), mcp.has("constructor")]).toEqual([true, false, false]);
  const error = await toolError(mcp.call("billing", "refund", {}, call("k")));
  expect(error).toMatchObject({ code: "unavailable", message: 'no MCP server "billing" is configured (configured: library)' });
  expect((await toolError(mcp.tools("billing"))).code).toBe("unavailable");
});

test("close() ends every server process; later calls are unavailable", async () => {
  const mcp = pool(poolConfig({ payments: demoStdio("payments", { LEDGER: tempLedger() }), library: demoStdio("library") }));
  await mcp.list();
  expect(demoChildren()).toHaveLength(2);
  await mcp.close();
  expect(demoChildren()).toEqual([]);
  expect((await toolError(mcp.tools("library"))).code).toBe("unavailable");
});

test("the ToolBox serves mcp:<server>/<tool> refs through the pool", async () => {
  const ledger = tempLedger();
  const tools = createToolBox({ mcp: pool(poolConfig({ payments: demoStdio("payments", { LEDGER: ledger }) })) });
  const parsed = parseFlow(sampleFlow());
  if (!parsed.ok) throw new Error("the sample flow is invalid");
  const flow: Flow = parsed.flow;
  expect(await tools.spec("mcp:payments/refund", flow)).toMatchObject({ name: "refund", parameters: { required: ["order_id", "amount"] } });
  expect(tools.missing({ ...flow, nodes: flow.nodes.map((n) => (n.type === "agent" ? { ...n, data: { ...n.data, tools: [{ ref: "mcp:billing/x", approval: { mode: "never" } }] } } : n)) })).toEqual([
    { ref: "mcp:billing/x", message: expect.stringContaining('"billing"'), path: "nodes[1].data.tools[0].ref" },
  ]);
  await tools.call("mcp:payments/refund", flow, { order_id: "A-9", amount: 12 }, call("tandem-run1-call1"));
  expect(readLedger(ledger)).toMatchObject([{ key: "tandem-run1-call1", order_id: "A-9", amount: 12 }]);
});
