// Several servers on one Postgres: 1, 2 and 3 `tandem serve` processes share a throwaway
// database. Runs are started on the first server and watched over SSE from the others (the
// live view crosses servers through LISTEN/NOTIFY and the store), beside the bare Node SSE
// floor; runs started per second spread over every server; and failover: a server killed -9
// while its runs stream (the runs it parked are left too), timed from the kill to each streaming
// run's next stored event, which only a server that took the run on can write (its `at`, so the
// polling does not count). On this 2-core machine the figures are about overhead and
// correctness, not scaling. BENCH_CLUSTER_RUNS (default 40) and BENCH_FAILOVERS (default 5).
import type { ChildProcess } from "node:child_process";
import { startPostgres, type TestPostgres } from "../server/test/helpers/postgres.js";
import { api, floorRound, inBatches, parkedFlow, pct, startProcess, streamingFlow, tandemRound } from "./server-load.js";

const RUNS = Number(process.env.BENCH_CLUSTER_RUNS ?? 40);
const FAILOVERS = Number(process.env.BENCH_FAILOVERS ?? 5);
const FAILOVER_RUNS = Math.max(4, Math.floor(RUNS / 4));
const STARTS = 300;
const TOKENS = 50;
const TARGET_MS = 5_000;
/** A left run not taken on by then is counted lost. */
const GIVE_UP_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (v: number) => `${(v / 1000).toFixed(2)} s`;
const ms = (v: number) => `${v.toFixed(1)} ms`;
const finished = new Set(["completed", "failed", "cancelled"]);

const children: ChildProcess[] = [];
let pg: TestPostgres | undefined;
let stopped: Promise<void> | undefined;
const stopAll = () =>
  (stopped ??= (async () => {
    for (const c of children) c.kill("SIGKILL");
    await pg?.stop();
  })());
// Interrupted (Ctrl-C, a timeout): nothing is left running either.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));

interface Server {
  url: string;
  child: ChildProcess;
}

async function serve(database: string, model: string): Promise<Server> {
  const s = await startProcess(["server/src/cli/main.ts", "serve", "--port", "0"], /serving on (http:\/\/\S+)/, {
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: model,
    TANDEM_DATABASE_URL: database,
  });
  children.push(s.child);
  return s;
}

interface RunRecord {
  run: { status: string };
  events: { type: string; seq: number; at: number }[];
}

/**
 * Streaming runs on `victim`, read from `watcher`; the victim is killed -9 once each has streamed
 * a token. For each run, the time from the kill to its next stored event; `lost`: the runs that
 * none took on within GIVE_UP_MS.
 */
async function failover(victim: Server, watcher: string): Promise<{ times: number[]; lost: number }> {
  const record = (id: string): Promise<RunRecord> => api(watcher)(`/api/runs/${id}`);
  const ids: string[] = await inBatches(FAILOVER_RUNS, 20, async () => (await api(victim.url)("/api/runs", { flow: streamingFlow, input: "go" })).runId);
  for (const id of ids) while (!(await record(id)).events.some((e) => e.type === "message.delta")) await sleep(10);
  const exited = new Promise((r) => victim.child.once("exit", r));
  victim.child.kill("SIGKILL");
  // Taken once kill(2) has returned: whatever the victim stored was emitted before it.
  const killedAt = Date.now();
  await exited;
  const waits = await Promise.all(
    ids.map(async (id) => {
      for (const giveUp = killedAt + GIVE_UP_MS; Date.now() < giveUp; await sleep(100)) {
        const { run, events } = await record(id);
        const next = events.find((e) => e.at > killedAt);
        if (next) return next.at - killedAt;
        // Finished before the kill: nothing was left to take on.
        if (finished.has(run.status)) return undefined;
      }
      return null;
    }),
  );
  return { times: waits.filter((w): w is number => typeof w === "number"), lost: waits.filter((w) => w === null).length };
}

try {
  pg = await startPostgres();
  const fake = await startProcess(["server/test/fake-openai.ts", "--port", "0"], /listening (http:\/\/\S+)/);
  children.push(fake.child);
  // Stamped replies for every model call: a warm-up and a measured round per cluster (two calls
  // a run), and per failover run up to three (the call cut by the kill is made again), with room.
  const calls = 3 * 2 * (Math.ceil(RUNS / 2) + RUNS) + 2 * FAILOVERS * FAILOVER_RUNS * 4;
  const reply = { text: Array(TOKENS).fill("t").join(" "), tokenDelayMs: 10, stampTokens: true };
  await inBatches(calls, 50, () => api(fake.url.replace(/\/v1$/, ""))("/__control/enqueue", reply));

  console.log(`\n## Several servers on one Postgres: ${RUNS} runs of a two-agent flow (${TOKENS} tokens 10 ms apart per call), 5 SSE subscribers each on another server\n`);
  console.log(
    `| servers | runs started/s | events delivered/s | token→subscriber p50 | p99 | bare Node SSE p50 | its p99 | failover p50 | p99 (target ≤ ${TARGET_MS / 1000} s) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  );
  const notes: string[] = [];
  for (const n of [1, 2, 3]) {
    const database = await pg.freshDatabase();
    const servers: Server[] = [];
    for (let i = 0; i < n; i++) servers.push(await serve(database, fake.url));
    const urls = servers.map((s) => s.url);
    // Subscribers on the other servers (with one server: on it).
    const subscribeAt = (i: number) => urls[n === 1 ? 0 : 1 + (i % (n - 1))]!;
    await tandemRound(urls[0]!, Math.ceil(RUNS / 2), subscribeAt);
    const s0 = performance.now();
    await inBatches(STARTS, 50, (i) => api(urls[i % n]!)("/api/runs", { flow: parkedFlow, input: "review me" }));
    const startsPerSecond = STARTS / ((performance.now() - s0) / 1000);
    const ours = await tandemRound(urls[0]!, RUNS, subscribeAt);
    const floor = await floorRound(RUNS);
    const times: number[] = [];
    let lost = 0;
    if (n > 1) {
      // The last server dies each time and a new one takes its place; the first one watches.
      for (let k = 0; k < FAILOVERS; k++) {
        const round = await failover(servers.pop()!, servers[0]!.url);
        times.push(...round.times);
        lost += round.lost;
        servers.push(await serve(database, fake.url));
      }
      if (lost) notes.push(`${n} servers: ${lost} of ${FAILOVERS * FAILOVER_RUNS} left runs were not taken on within ${GIVE_UP_MS / 1000} s`);
      if (pct(times.sort((x, y) => x - y), 99) > TARGET_MS) notes.push(`${n} servers: failover p99 misses its target`);
    }
    const [a, b] = [ours.latencies, floor.latencies].map((l) => l.sort((x, y) => x - y));
    const fo = n > 1 ? `${seconds(pct(times, 50))} | ${seconds(pct(times, 99))}` : "— | —";
    console.log(
      `| ${n} | ${Math.round(startsPerSecond)} | ${Math.round(ours.events / ours.seconds).toLocaleString("en")} | ${ms(pct(a!, 50))} | ${ms(pct(a!, 99))} | ${ms(pct(b!, 50))} | ${ms(pct(b!, 99))} | ${fo} |`,
    );
    for (const s of servers) s.child.kill("SIGKILL");
  }
  for (const note of notes) console.log(`\n${note}`);
  if (notes.length) process.exitCode = 1;
} finally {
  await stopAll();
}
