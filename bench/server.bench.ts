// Server under load: many concurrent runs streaming to many SSE subscribers, and many runs
// parked at a human node. The model is the fake OpenAI-compatible server (the real SDK path),
// streaming tokens stamped with their send time so that token→subscriber latency is measured.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeOpenAI } from "../server/test/fake-openai.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const SUBSCRIBERS = 5;
const TOKENS = 50;
const PARKED = Number(process.env.BENCH_PARKED ?? 10_000);

const now = () => performance.timeOrigin + performance.now();

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tandem-bench-server-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/cli/main.ts", "serve", "--port", "0"], {
    env: { ...process.env, ...env, TANDEM_DATA: dir },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  child.stdout!.resume();
  return { url, child, dir };
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

/** Reads a run's SSE stream to its end; records the latency of each stamped token. */
async function subscribe(url: string, runId: string, latencies: number[]): Promise<number> {
  const res = await fetch(`${url}/api/runs/${runId}/events`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let events = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    const at = now();
    buffer += decoder.decode(value, { stream: true });
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
  }
}

const agent = (id: string) => ({ id, type: "agent", position: { x: 0, y: 0 }, data: { name: id, model: "openai/bench" } });
const streamingFlow = {
  schemaVersion: 1,
  name: "two agents",
  nodes: [{ id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } }, agent("a1"), agent("a2"), { id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } }],
  edges: [
    { id: "e1", source: "start", target: "a1" },
    { id: "e2", source: "a1", target: "a2" },
    { id: "e3", source: "a2", target: "end" },
  ],
};
const parkedFlow = {
  schemaVersion: 1,
  name: "parked",
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } },
    { id: "h", type: "human", position: { x: 0, y: 0 }, data: { name: "reviewer", choices: ["approve"] } },
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

const fake = await startFakeOpenAI({ respond: () => ({ text: Array(TOKENS).fill("t").join(" "), tokenDelayMs: 10, stampTokens: true }) });
const server = await startServer({ OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: fake.url });
const call = api(server.url);
try {
  const latencies: number[] = [];
  const t0 = performance.now();
  // Runs start paused (step mode) so every subscriber is listening before the first token.
  const ids: string[] = await inBatches(RUNS, 50, async () => (await call("/api/runs", { flow: streamingFlow, input: "go", stepMode: true })).runId);
  const streams = ids.flatMap((id) => Array.from({ length: SUBSCRIBERS }, () => subscribe(server.url, id, latencies)));
  await new Promise((r) => setTimeout(r, 500));
  await inBatches(ids.length, 50, (i) => call(`/api/runs/${ids[i]}/control`, { action: "continue" }));
  const counts = await Promise.all(streams);
  const seconds = (performance.now() - t0) / 1000;
  const mem = rssMb(server.child.pid!);
  const received = counts.reduce((a, b) => a + b, 0);
  latencies.sort((a, b) => a - b);
  console.log(`\n## Server: ${RUNS} concurrent runs of a two-agent flow, ${TOKENS} tokens 10 ms apart per call, ${SUBSCRIBERS} SSE subscribers each\n`);
  console.log("| token→subscriber p50 | p99 (target ≤ 20 ms) | events delivered/s | server peak RSS (target ≤ 300 MB) |\n|---:|---:|---:|---:|");
  console.log(`| ${pct(latencies, 50).toFixed(1)} ms | ${pct(latencies, 99).toFixed(1)} ms | ${Math.round(received / seconds).toLocaleString("en")} | ${mem.peak.toFixed(0)} MB |`);

  const p0 = performance.now();
  const parked: { runId: string; requestId?: string }[] = await inBatches(PARKED, 100, async () => ({ runId: (await call("/api/runs", { flow: parkedFlow, input: "review me" })).runId }));
  const parkSeconds = (performance.now() - p0) / 1000;
  await inBatches(parked.length, 100, async (i) => {
    const p = parked[i]!;
    for (;;) {
      const { state } = await call(`/api/runs/${p.runId}`);
      if (state.pending) return void (p.requestId = state.pending.requestId);
      await new Promise((r) => setTimeout(r, 5));
    }
  });
  const parkedMem = rssMb(server.child.pid!);
  const a0 = performance.now();
  await inBatches(parked.length, 50, (i) => call(`/api/runs/${parked[i]!.runId}/human/${parked[i]!.requestId}`, { choice: "approve" }));
  const answerSeconds = (performance.now() - a0) / 1000;
  console.log(`\n## Server: ${PARKED.toLocaleString("en")} runs parked at a human node\n`);
  console.log("| start them | RSS parked | answer them all | answers/s |\n|---:|---:|---:|---:|");
  console.log(`| ${parkSeconds.toFixed(1)} s | ${parkedMem.rss.toFixed(0)} MB | ${answerSeconds.toFixed(1)} s | ${Math.round(PARKED / answerSeconds).toLocaleString("en")} |`);
} finally {
  server.child.kill("SIGKILL");
  await fake.close();
  rmSync(server.dir, { recursive: true, force: true });
}
