// Tools over HTTP against a real server process whose tools configuration runs the demo MCP
// server (a real child process): GET /api/tools lists each server live or says why it is down,
// a flow naming an MCP server the configuration lacks is a 422 naming the field, and a tool call
// waiting for approval is a task decided exactly once with POST /api/runs/:id/approvals/:requestId.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { demoPayments, refundFlow } from "./helpers/refund-flow.js";
import { withServer } from "./helpers/runs-api.js";

const payments = demoPayments({}, (dir) => ({ ghost: { command: process.execPath, args: [join(dir, "no-such-server.mjs")] } }));

const running = withServer({ env: { TANDEM_TOOLS: payments.config } });

const ORDER = { order_id: "A-1001", amount: 250 };
const REFUND = { ref: "mcp:payments/refund", approval: { mode: "when", path: "amount", op: ">", value: 100 } };


describe("tools over HTTP", () => {
  test("GET /api/tools: a server that is up with its tools, one that is down with why", async () => {
    const res = await running.api.get("/api/tools");
    expect(res.status).toBe(200);
    const payments = res.body.servers.find((s: { name: string }) => s.name === "payments");
    expect(payments).toMatchObject({ transport: "stdio", status: "up" });
    expect(payments.tools.map((t: { name: string }) => t.name).sort()).toEqual(["get_order", "refund"]);
    expect(payments.tools.find((t: { name: string }) => t.name === "refund").parameters.properties).toHaveProperty("amount");
    const ghost = res.body.servers.find((s: { name: string }) => s.name === "ghost");
    expect(ghost).toMatchObject({ status: "down", tools: [] });
    expect(ghost.error).toContain('MCP server "ghost"');
    expect(res.body.http).toEqual({ allow: [], allowPrivate: false, secrets: [] });
  });

  test("a flow naming an MCP server the configuration lacks is refused with 422 naming the field; nothing is stored", async () => {
    const before = (await running.api.get("/api/runs")).body.total;
    const res = await running.api.post("/api/runs", { flow: refundFlow([{ ref: "mcp:billing/refund", approval: { mode: "always" } }], ORDER), input: "x" });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: "invalid_flow",
      path: "nodes[1].data.tools[0].ref",
      problems: [{ path: "nodes[1].data.tools[0].ref", message: 'MCP server "billing" is not in this server\'s tools configuration', severity: "error" }],
    });
    expect((await running.api.get("/api/runs")).body.total).toBe(before);
  });

  test("an approval is a task, decided once: bad arguments are a 422 naming the field, a retry with the key gets the same event", async () => {
    const { api } = running;
    const id = await api.start(refundFlow([REFUND], ORDER), "Refund order A-1001");
    const { state } = await api.until(id, (s) => s.approvals.length === 1, 30_000);
    const call = state.toolCalls[state.approvals[0]];
    expect(call).toMatchObject({ name: "refund", status: "awaiting", why: "amount > 100", arguments: { order_id: "A-1001", amount: 250 } });

    const tasks = (await api.get("/api/tasks")).body.tasks.filter((t: { runId: string }) => t.runId === id);
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: "approval",
        requestId: call.requestId,
        nodeName: "agent",
        approval: expect.objectContaining({ tool: "refund", ref: "mcp:payments/refund", reason: "policy", why: "amount > 100", arguments: { order_id: "A-1001", amount: 250 } }),
      }),
    ]);

    const path = `/api/runs/${id}/approvals/${call.requestId}`;
    expect((await api.post(`/api/runs/${id}/approvals/nope`, { decision: "approve" })).status).toBe(404);
    const bad = await api.post(path, { decision: "approve", arguments: { order_id: "A-1001", amount: "lots" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: "invalid_answer", path: "arguments" });
    expect((await api.post(path, { decision: "approve", surprise: 1 })).status).toBe(422);

    const taken = await api.post(path, { decision: "approve", arguments: { order_id: "A-1001", amount: 200 }, by: "Tess" }, { "idempotency-key": "k-1" });
    expect(taken.status).toBe(200);
    expect(taken.body.event).toMatchObject({ type: "tool.approved", by: "Tess", arguments: { order_id: "A-1001", amount: 200 } });
    const again = await api.post(path, { decision: "reject" }, { "idempotency-key": "k-1" });
    expect(again).toMatchObject({ status: 200, body: taken.body });
    const other = await api.post(path, { decision: "reject", by: "Sam" });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: "already_answered", message: "this request was already answered by Tess" });

    const done = await api.status(id, "completed");
    expect(done.state.output).toContain("Refunded $200.00 on order A-1001");
    expect(payments.refunds().filter((r) => r.order_id === "A-1001")).toEqual([expect.objectContaining({ amount: 200, key: `tandem-${id}-${call.id}` })]);
  });
});
