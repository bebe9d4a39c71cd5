// Server under load: many concurrent runs streaming to many SSE subscribers, and many runs
// parked at a human node. The model is the fake OpenAI-compatible server (the real SDK path),
// streaming tokens stamped with their send time so that token→subscriber latency is measured.
// Server, model and subscribers are three processes, as they would be in use. Each load is also
// served by bench/sse-floor.ts, a bare Node server writing the same frames on the same schedule:
// the latency it shows is what this machine and the subscribers cost before Tandem does anything.
// BENCH_RUNS=50,100,200 sets the loads; BENCH_PROF=<dir> writes a CPU profile of the server.
import { spawn, type ChildProcess } from "node:child_process";
import { get } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LOADS = (process.env.BENCH_RUNS ?? "50,100,200").split(",").map(Number);
const SUBSCRIBERS = 5;
const TOKENS = 50;
const PARKED = Number(process.env.BENCH_PARKED ?? 10_000);

const now = () => performance.timeOrigin + performance.now();

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** Starts a process and waits for the line that names its URL. */
async function startProcess(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; child: ChildProcess }> {
  const profile = process.env.BENCH_PROF && args[1] === "serve" ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "ignore"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`${args[0]} exited ${code}`)));
  });
  child.stdout!.resume();
  return { url, child };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const api = (url: string) => async (path: string, body?: unknown) => {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};

interface Subscriber {
  /** Resolves once the stream's headers have arrived. */
  connected: Promise<void>;
  /** The number of events read, once the stream has ended. */
  done: Promise<number>;
}

/** Reads a run's SSE stream to its end; records the latency of each stamped token. */
function subscribe(url: string, runId: string, latencies: number[]): Subscriber {
  let connected!: () => void;
  const sub: Partial<Subscriber> = { connected: new Promise<void>((r) => (connected = r)) };
  sub.done = new Promise((resolve, reject) => {
    get(`${url}/api/runs/${runId}/events`, { agent: false }, (res) => {
      connected();
      res.setEncoding("utf8");
      let buffer = "";
      let events = 0;
      res.on("data", (text: string) => {
        const at = now();
        buffer += text;
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (!data) continue;
          events++;
          const e = JSON.parse(data.slice(6));
          if (e.type === "message.delta") for (const stamp of e.text.trim().split(/\s+/)) latencies.push(at - Number(stamp));
        }
      });
      res.on("end", () => resolve(events));
      res.on("error", reject);
    }).on("error", reject);
  });
  return sub as Subscriber;
}

const agent = (id: string) => ({ id, type: "agent", position: { x: 0, y: 0 }, data: { name: id, model: "openai/bench" } });
const streamingFlow = {
  schemaVersion: 2,
  name: "two agents",
  nodes: [{ id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } }, agent("a1"), agent("a2"), { id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } }],
  edges: [
    { id: "e1", source: "start", target: "a1" },
    { id: "e2", source: "a1", target: "a2" },
    { id: "e3", source: "a2", target: "end" },
  ],
};
const parkedFlow = {
  schemaVersion: 2,
  name: "parked",
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } },
    { id: "h", type: "human", position: { x: 0, y: 0 }, data: { name: "reviewer", outcomes: [{ name: "approve", description: "" }] } },
    { id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "h" },
    { id: "e2", source: "h", target: "end" },
  ],
};

async function inBatches<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => fn(i + j)))));
  return out;
}

interface Round {
  latencies: number[];
  events: number;
  seconds: number;
}

/** `runs` runs streaming at once, SUBSCRIBERS each. */
async function tandemRound(url: string, runs: number): Promise<Round> {
  const call = api(url);
  const latencies: number[] = [];
  // Runs start paused (step mode) so every subscriber is listening before the first token.
  const ids: string[] = await inBatches(runs, 50, async () => (await call("/api/runs", { flow: streamingFlow, input: "go", stepMode: true })).runId);
  const subs = ids.flatMap((id) => Array.from({ length: SUBSCRIBERS }, () => subscribe(url, id, latencies)));
  await Promise.all(subs.map((s) => s.connected));
  const t0 = performance.now();
  await inBatches(ids.length, 50, (i) => call(`/api/runs/${ids[i]}/control`, { action: "continue" }));
  const counts = await Promise.all(subs.map((s) => s.done));
  return { latencies, events: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - t0) / 1000 };
}

/** The same load from the bare floor server. */
async function floorRound(runs: number): Promise<Round> {
  const floor = await startProcess(["bench/sse-floor.ts", String(runs), String(SUBSCRIBERS)], /serving on (http:\/\/\S+)/);
  try {
    const latencies: number[] = [];
    const t0 = performance.now();
    const counts = await Promise.all(Array.from({ length: runs * SUBSCRIBERS }, (_, i) => subscribe(floor.url, String(i % runs), latencies).done));
    return { latencies, events: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - t0) / 1000 };
  } finally {
    floor.child.kill("SIGKILL");
  }
}

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
