// Server under load: many concurrent runs streaming to many SSE subscribers, and many runs
// parked at a human node. The model is the fake OpenAI-compatible server (the real SDK path),
// streaming tokens stamped with their send time so that token→subscriber latency is measured.
// Server, model and subscribers are three processes, as they would be in use. Each load is also
// served by bench/sse-floor.ts, a bare Node server writing the same frames on the same schedule:
// the latency it shows is what this machine and the subscribers cost before Tandem does anything.
// BENCH_RUNS=50,100,200 sets the loads; BENCH_PROF=<dir> writes a CPU profile of the server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, floorRound, inBatches, parkedFlow, pct, rssMb, startProcess, SUBSCRIBERS, tandemRound } from "./server-load.js";

const LOADS = (process.env.BENCH_RUNS ?? "50,100,200").split(",").map(Number);
const TOKENS = 50;
const PARKED = Number(process.env.BENCH_PARKED ?? 10_000);

const dir = mkdtempSync(join(tmpdir(), "tandem-bench-server-"));
const fake = await startProcess(["server/test/fake-openai.ts", "--port", "0"], /listening (http:\/\/\S+)/);
const server = await startProcess(["server/src/cli/main.ts", "serve", "--port", "0"], /serving on (http:\/\/\S+)/, {
  OPENAI_API_KEY: "sk-bench",
  OPENAI_BASE_URL: fake.url,
  TANDEM_DATA: dir,
});
const call = api(server.url);
try {
  const reply = { text: Array(TOKENS).fill("t").join(" "), tokenDelayMs: 10, stampTokens: true };
  const most = Math.max(...LOADS);
  const calls = 2 * (most + LOADS.reduce((a, b) => a + b, 0));
  for (let i = 0; i < calls; i++) await api(fake.url.replace(/\/v1$/, ""))("/__control/enqueue", reply);
  // One round at the largest load warms the server up (JIT, connections to the model).
  await tandemRound(server.url, most);
  console.log(`\n## Server: concurrent runs of a two-agent flow, ${TOKENS} tokens 10 ms apart per call, ${SUBSCRIBERS} SSE subscribers each\n`);
  console.log("| runs | token→subscriber p50 | p99 (target ≤ 20 ms) | bare Node SSE server p50 | its p99 | events delivered/s |\n|---:|---:|---:|---:|---:|---:|");
  for (const runs of LOADS) {
    const ours = await tandemRound(server.url, runs);
    const floor = await floorRound(runs);
    const [a, b] = [ours.latencies.sort((x, y) => x - y), floor.latencies.sort((x, y) => x - y)];
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.log(`| ${runs} | ${ms(pct(a, 50))} | ${ms(pct(a, 99))} | ${ms(pct(b, 50))} | ${ms(pct(b, 99))} | ${Math.round(ours.events / ours.seconds).toLocaleString("en")} |`);
  }
  console.log(`\nServer peak RSS (target ≤ 300 MB): ${rssMb(server.child.pid!).peak.toFixed(0)} MB`);
  const p0 = performance.now();
  const parked: { runId: string; requestId?: string }[] = await inBatches(PARKED, 100, async () => ({ runId: (await call("/api/runs", { flow: parkedFlow, input: "review me" })).runId }));
  const parkSeconds = (performance.now() - p0) / 1000;
  // Parked once the tasks list holds them all; their request ids come from it, a page at a time.
  while ((await call("/api/tasks?limit=1")).total < PARKED) await new Promise((r) => setTimeout(r, 20));
  const requests = new Map<string, string>();
  for (let offset = 0; offset < PARKED; offset += 500) {
    for (const t of (await call(`/api/tasks?limit=500&offset=${offset}`)).tasks) requests.set(t.runId, t.requestId);
  }
  for (const p of parked) p.requestId = requests.get(p.runId);
  // What the studio's Tasks page asks every 5 s.
  const taskPage: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await call("/api/tasks?limit=100");
    taskPage.push(performance.now() - t0);
  }
  const parkedMem = rssMb(server.child.pid!);
  const a0 = performance.now();
  await inBatches(parked.length, 50, (i) => call(`/api/runs/${parked[i]!.runId}/human/${parked[i]!.requestId}`, { outcome: "approve" }));
  const answerSeconds = (performance.now() - a0) / 1000;
  console.log(`\n## Server: ${PARKED.toLocaleString("en")} runs parked at a human node\n`);
  console.log("| start them | RSS parked | tasks page (100 of them), median of 20 | answer them all | answers/s |\n|---:|---:|---:|---:|---:|");
  const taskMs = pct(taskPage.sort((x, y) => x - y), 50).toFixed(1);
  console.log(`| ${parkSeconds.toFixed(1)} s | ${parkedMem.rss.toFixed(0)} MB | ${taskMs} ms | ${answerSeconds.toFixed(1)} s | ${Math.round(PARKED / answerSeconds).toLocaleString("en")} |`);
} finally {
  // SIGTERM lets the profiler write its file.
  server.child.kill(process.env.BENCH_PROF ? "SIGTERM" : "SIGKILL");
  await new Promise((r) => server.child.once("exit", r));
  fake.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}
