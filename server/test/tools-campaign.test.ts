// Exactly once, across kill -9: a `tandem serve` process whose agents refund through the demo
// MCP server (a real child process over stdio, writing each refund to a ledger file and
// honouring the idempotency key), killed with -9 at a random moment of each tool run — while a
// decision is being sent, while the call is under way, just after it — and started again on the
// same data. A person's side of it: decisions sent with an Idempotency-Key and sent again after a
// kill, and a call found unknown after a restart retried (with its key). In the end every
// approved refund is in the ledger exactly once and no rejected one is. The figures are printed.
//
// 20 kills here (KILLS=<n> for more; SEED=<n> repeats an earlier campaign's random choices).
import { afterAll, expect, test } from "vitest";
import { client, sleep } from "./helpers/runs-api.js";
import { demoPayments, refundFlow } from "./helpers/refund-flow.js";
import { seeded } from "./helpers/seeded.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const KILLS = Number(process.env.KILLS ?? 20);
const SEED = Number(process.env.SEED ?? Date.now() % 1_000_000);
/** How long the demo refund takes: the window a kill can land in while the call is under way. */
const REFUND_MS = 120;

const random = seeded(SEED);

const payments = demoPayments({ DEMO_REFUND_DELAY_MS: String(REFUND_MS) });


const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function serve(dataDir?: string) {
  // The compiled CLI: it starts in a fraction of the time the source takes, twenty times over.
  const server = await startServerProcess({ dataDir, compiled: true, env: { TANDEM_TOOLS: payments.config }, timeoutMs: 120_000 });
  servers.push(server);
  return { server, api: client(server.url) };
}

test(
  `tools campaign: ${KILLS} kill -9 at random moments of tool runs; every approved call lands once, no rejected one`,
  async () => {
    let { server, api } = await serve();
    const dataDir = server.dataDir;
    const approved = new Set<string>();
    const rejected = new Set<string>();
    const figures = { kills: 0, unknownAfterRestart: 0, decisionRetried: 0, connectionErrors: 0 };

    /** Sends a decision, again after a kill cut it off: the key makes the retry safe. */
    async function decide(runId: string, requestId: string, body: object, key: string) {
      for (;;) {
        try {
          const res = await api.post(`/api/runs/${runId}/approvals/${requestId}`, body, { "idempotency-key": key });
          expect([200, 409]).toContain(res.status);
          if (res.status === 409) expect(res.body.error.code).toBe("not_running");
          return;
        } catch {
          figures.connectionErrors++;
          await sleep(20);
        }
      }
    }

    for (let i = 0; i < KILLS; i++) {
      const order = `R-${i}`;
      const runId = await api.start(refundFlow([{ ref: "mcp:payments/refund", approval: { mode: "always" } }], { order_id: order, amount: 10 + i }), `Refund order ${order}`);
      const waiting = await api.until(runId, (s) => s.approvals.length === 1, 30_000);
      const call = waiting.state.toolCalls[waiting.state.approvals[0]];
      const approve = random() < 0.7;
      (approve ? approved : rejected).add(order);
      const body = approve ? { decision: "approve", by: "campaign" } : { decision: "reject", reason: "campaign says no", by: "campaign" };
      const key = `decision-${i}`;

      // The kill lands somewhere in: sending the decision, the call starting, under way, just done.
      const sent = api.post(`/api/runs/${runId}/approvals/${call.requestId}`, body, { "idempotency-key": key }).catch(() => undefined);
      await sleep(Math.floor(random() * REFUND_MS * 2));
      await server.kill9();
      figures.kills++;
      await sent;
      ({ server, api } = await serve(dataDir));

      // The person sends the decision again (it may never have arrived), then settles what the restart found.
      figures.decisionRetried++;
      await decide(runId, call.requestId, body, key);
      for (;;) {
        const { state: s } = await api.until(runId, (st) => st.status !== "running", 30_000);
        if (s.status === "completed" || s.status === "failed" || s.status === "cancelled") {
          expect(s.status).toBe("completed");
          break;
        }
        const open = s.approvals.map((id: string) => s.toolCalls[id]);
        for (const c of open) {
          expect(c.reason).toBe("unknown");
          figures.unknownAfterRestart++;
          await decide(runId, c.requestId, { decision: "approve", by: "campaign" }, `retry-${c.requestId}`);
        }
        await api.until(runId, (st) => st.approvals.length === 0 || st.status !== "waiting", 30_000);
      }
    }

    const lines = payments.refunds();
    const byOrder = new Map<string, number>();
    for (const l of lines) byOrder.set(l.order_id, (byOrder.get(l.order_id) ?? 0) + 1);
    console.log(`tools campaign (seed ${SEED}):`, JSON.stringify({ ...figures, approved: approved.size, rejected: rejected.size, ledgerLines: lines.length }));
    for (const order of approved) expect(byOrder.get(order), `refund ${order}`).toBe(1);
    for (const order of rejected) expect(byOrder.get(order), `refund ${order}`).toBeUndefined();
    expect(lines).toHaveLength(approved.size);
  },
  600_000,
);
