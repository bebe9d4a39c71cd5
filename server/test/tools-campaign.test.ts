// Exactly once, across kill -9: `tandem serve` processes whose agents refund through the demo
// MCP server (a real child process over stdio per server, writing each refund to one ledger file
// and honouring the idempotency key across processes), the server driving a run killed with -9
// at a random moment of its tool run — while a decision is being sent, while the call is under
// way, just after it — and started again. On SQLite: one server on one data directory. On
// Postgres: three servers on one database, so the killed server's runs are taken on by the
// others and the person's decision is sent again to another server. A person's side of it:
// decisions sent with an Idempotency-Key and sent again after a kill, and a call found unknown
// after the takeover retried (with its key). In the end every approved refund is in the ledger
// exactly once and no rejected one is. The figures are printed.
//
// 20 kills here on each backend (KILLS=<n> for more; SEED=<n> repeats an earlier campaign's
// random choices; TOOLS_BACKEND=sqlite|postgres runs one of them).
import { afterAll, expect, test } from "vitest";
import { postgresBackend } from "./helpers/backends.js";
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

const BACKENDS = [
  { backend: "sqlite", servers: 1 },
  { backend: "postgres", servers: 3 },
].filter((b) => (process.env.TOOLS_BACKEND ?? b.backend) === b.backend);

interface Slot {
  server: ServerProcess;
  api: ReturnType<typeof client>;
}

async function serve(data: { dataDir?: string; database?: string }): Promise<Slot> {
  // The compiled CLI: it starts in a fraction of the time the source takes, twenty times over.
  const env = { TANDEM_TOOLS: payments.config, ...(data.database ? { TANDEM_DATABASE_URL: data.database } : {}) };
  const server = await startServerProcess({ dataDir: data.dataDir, compiled: true, env, timeoutMs: 120_000 });
  servers.push(server);
  return { server, api: client(server.url) };
}

test.each(BACKENDS)(
  `tools campaign on $backend, $servers server(s): ${KILLS} kill -9 at random moments of tool runs; every approved call lands once, no rejected one`,
  async ({ backend, servers: count }) => {
    const database = backend === "postgres" ? await postgresBackend.target() : undefined;
    const slots = [await serve({ database })];
    // Where every server (and every restart) keeps its runs: the database, or the first one's data directory.
    const data = database ? { database } : { dataDir: slots[0]!.server.dataDir };
    while (slots.length < count) slots.push(await serve(data));
    const approved = new Set<string>();
    const rejected = new Set<string>();
    const figures = { kills: 0, unknownAfterRestart: 0, decisionRetried: 0, connectionErrors: 0 };
    /** A server other than the victim when there are several (the person's retry reaches another one). */
    let next = 0;
    const anyOther = (victim: number) => slots[count === 1 ? 0 : (victim + 1 + (next++ % (count - 1))) % count]!.api;

    /** Sends a decision, again after a kill cut it off: the key makes the retry safe. */
    async function decide(api: ReturnType<typeof client>, runId: string, requestId: string, body: object, key: string) {
      for (;;) {
        try {
          const res = await api.post(`/api/runs/${runId}/approvals/${requestId}`, body, { "idempotency-key": key });
          expect([200, 409], res.text).toContain(res.status);
          if (res.status === 409) expect(res.body.error.code).toBe("not_running");
          return;
        } catch (e) {
          if ((e as Error).name === "AssertionError") throw e;
          figures.connectionErrors++;
          await sleep(20);
        }
      }
    }

    for (let i = 0; i < KILLS; i++) {
      const order = `${backend}-R-${i}`;
      const v = i % count;
      const { api } = slots[v]!;
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
      await slots[v]!.server.kill9();
      figures.kills++;
      await sent;
      // Alone, the server comes back; beside others, they take its runs on while it does.
      const restarted = serve(data).then((slot) => (slots[v] = slot));
      if (count === 1) await restarted;
      const other = anyOther(v);

      // The person sends the decision again (it may never have arrived), then settles what the takeover found.
      figures.decisionRetried++;
      await decide(other, runId, call.requestId, body, key);
      for (;;) {
        const { state: s } = await other.until(runId, (st) => st.status !== "running", 30_000);
        if (s.status === "completed" || s.status === "failed" || s.status === "cancelled") {
          expect(s.status).toBe("completed");
          break;
        }
        const open = s.approvals.map((id: string) => s.toolCalls[id]);
        for (const c of open) {
          expect(c.reason).toBe("unknown");
          figures.unknownAfterRestart++;
          await decide(other, runId, c.requestId, { decision: "approve", by: "campaign" }, `retry-${c.requestId}`);
        }
        await other.until(runId, (st) => st.approvals.length === 0 || st.status !== "waiting", 30_000);
      }
      await restarted;
    }

    // The ledger is shared by both backends' campaigns: this one's orders are named after it.
    const lines = payments.refunds().filter((l) => l.order_id.startsWith(`${backend}-`));
    const byOrder = new Map<string, number>();
    for (const l of lines) byOrder.set(l.order_id, (byOrder.get(l.order_id) ?? 0) + 1);
    console.log(`tools campaign on ${backend} (seed ${SEED}):`, JSON.stringify({ ...figures, approved: approved.size, rejected: rejected.size, ledgerLines: lines.length }));
    for (const order of approved) expect(byOrder.get(order), `refund ${order}`).toBe(1);
    for (const order of rejected) expect(byOrder.get(order), `refund ${order}`).toBeUndefined();
    expect(lines).toHaveLength(approved.size);
  },
  600_000,
);
