// What the server benchmarks share: their processes, the streams they read (token→subscriber
// latency from stamped tokens), the flows they run, and a round of streaming runs beside the
// bare Node SSE floor (bench/sse-floor.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { get } from "node:http";
import { readFileSync } from "node:fs";

export const SUBSCRIBERS = 5;

const now = () => performance.timeOrigin + performance.now();

export function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** How long a process may take to print its URL (a loaded machine starts tsx slowly). */
const START_LIMIT_MS = 60_000;

/** Starts a process and waits for the line that names its URL; BENCH_LOGS=1 shows its stderr. */
export async function startProcess(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; child: ChildProcess }> {
  const profile = process.env.BENCH_PROF && args[1] === "serve" ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", process.env.BENCH_LOGS ? "inherit" : "ignore"] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        const m = ready.exec((out += d));
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`${args[0]} exited ${code}`)));
      setTimeout(() => reject(new Error(`${args[0]} did not start within ${START_LIMIT_MS / 1000} s`)), START_LIMIT_MS).unref();
    });
    return { url, child };
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  } finally {
    child.stdout!.removeAllListeners("data").resume();
  }
}

export function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const api = (url: string) => async (path: string, body?: unknown) => {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};

export interface Subscriber {
  /** Resolves once the stream's headers have arrived. */
  connected: Promise<void>;
  /** The number of events read, once the stream has ended. */
  done: Promise<number>;
}

/** Reads a run's SSE stream to its end; records the latency of each stamped token. */
export function subscribe(url: string, runId: string, latencies: number[]): Subscriber {
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
export const streamingFlow = {
  schemaVersion: 2,
  name: "two agents",
  nodes: [{ id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } }, agent("a1"), agent("a2"), { id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } }],
  edges: [
    { id: "e1", source: "start", target: "a1" },
    { id: "e2", source: "a1", target: "a2" },
    { id: "e3", source: "a2", target: "end" },
  ],
};
export const parkedFlow = {
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

export async function inBatches<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => fn(i + j)))));
  return out;
}

export interface Round {
  latencies: number[];
  events: number;
  seconds: number;
}

/** `runs` runs streaming at once, SUBSCRIBERS each (reading from the server `subscribeAt` names: another one of the cluster). */
export async function tandemRound(url: string, runs: number, subscribeAt: (i: number) => string = () => url): Promise<Round> {
  const call = api(url);
  const latencies: number[] = [];
  // Runs start paused (step mode) so every subscriber is listening before the first token.
  const ids: string[] = await inBatches(runs, 50, async () => (await call("/api/runs", { flow: streamingFlow, input: "go", stepMode: true })).runId);
  const subs = ids.flatMap((id, i) => Array.from({ length: SUBSCRIBERS }, () => subscribe(subscribeAt(i), id, latencies)));
  await Promise.all(subs.map((s) => s.connected));
  const t0 = performance.now();
  await inBatches(ids.length, 50, (i) => call(`/api/runs/${ids[i]}/control`, { action: "continue" }));
  const counts = await Promise.all(subs.map((s) => s.done));
  return { latencies, events: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - t0) / 1000 };
}

/** The same load from the bare floor server. */
export async function floorRound(runs: number): Promise<Round> {
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

