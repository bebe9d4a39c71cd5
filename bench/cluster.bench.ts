// Several servers on one Postgres: 1, 2 and 3 `tandem serve` processes share a throwaway
// database. Runs are started on the first server and watched over SSE from the others (the
// live view crosses servers through LISTEN/NOTIFY and the store), beside the bare Node SSE
// floor; runs started per second spread over every server; and failover: a server killed -9
// while its runs stream, timed from the kill to each run's next stored event, now written by a
// server that took the run on. On this 2-core machine the figures are about overhead and
// correctness, not scaling. BENCH_CLUSTER_RUNS (default 40) and BENCH_FAILOVERS (default 5).
import { startPostgres } from "../server/test/helpers/postgres.js";
import { api, floorRound, inBatches, parkedFlow, pct, startProcess, streamingFlow, tandemRound } from "./server-load.js";

const RUNS = Number(process.env.BENCH_CLUSTER_RUNS ?? 40);
const FAILOVERS = Number(process.env.BENCH_FAILOVERS ?? 5);
const STARTS = 300;
const TOKENS = 50;

const pg = await startPostgres();
const fake = await startProcess(["server/test/fake-openai.ts", "--port", "0"], /listening (http:\/\/\S+)/);
const control = api(fake.url.replace(/\/v1$/, ""));
const reply = { text: Array(TOKENS).fill("t").join(" "), tokenDelayMs: 10, stampTokens: true };
const ms = (v: number) => `${v.toFixed(1)} ms`;
const children: { kill(signal: string): void }[] = [fake.child];

async function serve(database: string) {
  const s = await startProcess(["server/src/cli/main.ts", "serve", "--port", "0"], /serving on (http:\/\/\S+)/, {
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: fake.url,
    TANDEM_DATABASE_URL: database,
  });
  children.push(s.child);
  return s;
}

/** Streaming runs on `victim`, followed from `watcher`; the victim is killed once they stream: kill → each run's next event. */
async function failover(victimUrl: string, kill: () => void, watcherUrl: string, runs: number): Promise<number[]> {
  const ids: string[] = await inBatches(runs, 20, async () => (await api(victimUrl)("/api/runs", { flow: streamingFlow, input: "go" })).runId);
  // Each run streams before the kill: its first delta has been stored.
  const firstDelta = (id: string) => api(watcherUrl)(`/api/runs/${id}`).then((r) => r.events.some((e: { type: string }) => e.type === "message.delta"));
  for (const id of ids) while (!(await firstDelta(id))) await new Promise((r) => setTimeout(r, 10));
  const killedAt = Date.now();
  kill();
  const seqAtKill = new Map<string, number>();
  for (const id of ids) seqAtKill.set(id, (await api(watcherUrl)(`/api/runs/${id}`)).run.lastSeq);
  return Promise.all(
    ids.map(async (id) => {
      for (;;) {
        const { events } = await api(watcherUrl)(`/api/runs/${id}`);
        const next = events.find((e: { seq: number; at: number }) => e.seq > seqAtKill.get(id)! && e.at >= killedAt);
        if (next) return next.at - killedAt;
        await new Promise((r) => setTimeout(r, 20));
      }
    }),
  );
}

try {
  console.log(`\n## Several servers on one Postgres: ${RUNS} runs of a two-agent flow (${TOKENS} tokens 10 ms apart per call), 5 SSE subscribers each on another server\n`);
  console.log(
    "| servers | runs started/s | events delivered/s | token→subscriber p50 | p99 | bare Node SSE p50 | its p99 | failover p50 | p99 (target ≤ 5 s) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const n of [1, 2, 3]) {
    const database = await pg.freshDatabase();
    const servers = [];
    for (let i = 0; i < n; i++) servers.push(await serve(database));
    const urls = servers.map((s) => s.url);
    for (let i = 0; i < 4 * RUNS + 2 * FAILOVERS * RUNS; i++) await control("/__control/enqueue", reply);
    await tandemRound(urls[0]!, Math.ceil(RUNS / 2), (i) => urls[(i % n === 0 ? 1 : i) % n]!);
    const s0 = performance.now();
    await inBatches(STARTS, 50, (i) => api(urls[i % n]!)("/api/runs", { flow: parkedFlow, input: "review me" }));
    const startsPerSecond = STARTS / ((performance.now() - s0) / 1000);
    // Subscribers on the other servers (with one server: on it).
    const ours = await tandemRound(urls[0]!, RUNS, (i) => urls[n === 1 ? 0 : 1 + (i % (n - 1))]!);
    const floor = await floorRound(RUNS);
    const times: number[] = [];
    if (n > 1) {
      for (let k = 0; k < FAILOVERS; k++) {
        const victim = servers.pop()!;
        times.push(...(await failover(victim.url, () => victim.child.kill("SIGKILL"), servers[0]!.url, Math.max(4, Math.floor(RUNS / 4)))));
        servers.push(await serve(database));
      }
    }
    const [a, b, f] = [ours.latencies, floor.latencies, times].map((l) => l.sort((x, y) => x - y));
    const fo = n > 1 ? `${ms(pct(f!, 50))} | ${ms(pct(f!, 99))}` : "— | —";
    console.log(
      `| ${n} | ${Math.round(startsPerSecond)} | ${Math.round(ours.events / ours.seconds).toLocaleString("en")} | ${ms(pct(a!, 50))} | ${ms(pct(a!, 99))} | ${ms(pct(b!, 50))} | ${ms(pct(b!, 99))} | ${fo} |`,
    );
    for (const s of servers) s.child.kill("SIGKILL");
  }
} finally {
  for (const c of children) c.kill("SIGKILL");
  await pg.stop();
}
