// GET /api/audit against a real server process (and the demo MCP payments server): a review
// answered and a refund approved with a changed amount are listed with who decided, filtered by
// person and action, exported as RFC 4180 CSV whose cells cannot start a formula, bad filters
// are a 422 naming the field, and a run exported and imported keeps its entries.
import { describe, expect, test } from "vitest";
import { demoPayments, refundFlow } from "./helpers/refund-flow.js";
import { reviewFlow, withServer } from "./helpers/runs-api.js";

const payments = demoPayments();
const running = withServer({ env: { TANDEM_TOOLS: payments.config } });
const FORMULA = '=HYPERLINK("http://evil.test","click")';

/** Answers a review as Ana (free text that looks like a formula) and approves a $250 refund as $200 as Bob. */
async function decide() {
  const { api } = running;
  const review = await api.start(reviewFlow({ script: ["a draft"] }), "review this");
  const { pending } = (await api.until(review, (s) => s.status === "waiting")).state;
  expect((await api.answer(review, pending.requestId, { outcome: "approve", text: FORMULA, by: "Ana" })).status).toBe(200);
  const refund = await api.start(refundFlow([{ ref: "mcp:payments/refund", approval: { mode: "always" } }], { order_id: "A-7", amount: 250 }), "refund A-7");
  const { state } = await api.until(refund, (s) => s.approvals.length === 1, 30_000);
  const call = state.toolCalls[state.approvals[0]];
  const approved = await api.post(`/api/runs/${refund}/approvals/${call.requestId}`, { decision: "approve", arguments: { order_id: "A-7", amount: 200 }, by: "Bob" });
  expect(approved.status).toBe(200);
  await api.status(refund, "completed");
  return { review, refund };
}

describe("GET /api/audit", () => {
  test("lists who decided what, filters by person and action, and exports the same as CSV", async () => {
    const { api } = running;
    const { review, refund } = await decide();

    const all = (await api.get("/api/audit")).body;
    expect(all.total).toBe(3);
    expect(all.entries.map((e: { action: string; actor: { name: string } }) => `${e.action} ${e.actor.name}`)).toEqual(["approve Bob", "edit Bob", "answer Ana"]);
    expect(all.entries[2]).toMatchObject({ runId: review, flowName: "Write and review", nodeId: "reviewer", nodeName: "reviewer", actor: { name: "Ana" }, detail: `approve: ${FORMULA}` });

    const ana = (await api.get("/api/audit?person=ana")).body;
    expect(ana.entries).toEqual([all.entries[2]]);
    const edits = (await api.get("/api/audit?action=edit")).body;
    expect(edits.entries).toEqual([expect.objectContaining({ runId: refund, actor: expect.objectContaining({ name: "Bob" }), detail: "amount 250 → 200" })]);

    const csv = await api.get("/api/audit?format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toContain("attachment");
    const lines = csv.text.split("\r\n");
    expect(lines[0]).toBe("time,action,user id,name,via,as admin,flow id,flow,run id,node id,node,request id,seq,detail");
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toBe("");
    expect(lines[2]).toContain(",edit,,Bob,");
    expect(lines[2]).toContain(",amount 250 → 200");
    // Quoted (it holds quotes and a comma), quotes doubled.
    expect(lines[3]!.endsWith(`,"approve: =HYPERLINK(""http://evil.test"",""click"")"`)).toBe(true);
    const anaCsv = await api.get("/api/audit?format=csv&person=Ana");
    expect(anaCsv.text.split("\r\n").filter(Boolean)).toHaveLength(2);
  });

  test("a name or a detail that would start a formula is prefixed with an apostrophe in the CSV", async () => {
    const { api } = running;
    const id = await api.start(reviewFlow({ script: ["a draft"] }), "formula");
    const { pending } = (await api.until(id, (s) => s.status === "waiting")).state;
    await api.answer(id, pending.requestId, { text: "=SUM(A1:A9)", by: "@mallory" });
    const csv = await api.get("/api/audit?format=csv&person=@mallory");
    const row = csv.text.split("\r\n")[1]!;
    expect(row).toContain(",'@mallory,");
    expect(row.endsWith(",'=SUM(A1:A9)")).toBe(true);
  });

  test("bad filters are a 422 naming the field", async () => {
    const { api } = running;
    for (const [query, path] of [
      ["from=yesterday", "from"],
      ["action=delete", "action"],
      ["limit=0", "limit"],
      ["format=xml", "format"],
    ]) {
      const res = await api.get(`/api/audit?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.error.path, query).toBe(path);
    }
    const window = (await api.get(`/api/audit?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).body;
    expect(window).toEqual({ entries: [], total: 0 });
  });

  test("a run exported and imported keeps who decided: the copy's entries are the original's", async () => {
    const { api } = running;
    const list = (await api.get("/api/audit?action=answer&person=Ana")).body.entries;
    const original = list[0];
    const doc = (await api.get(`/api/runs/${original.runId}/export`)).body;
    const imported = await api.post("/api/runs/import", doc);
    expect(imported.status).toBe(201);
    const after = (await api.get("/api/audit?person=Ana")).body.entries;
    const copy = after.find((e: { runId: string }) => e.runId === imported.body.runId);
    expect({ ...copy, runId: original.runId }).toEqual(original);
  });
});
