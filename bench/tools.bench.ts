// The cost of a tool call: a no-op MCP tool over stdio, no approval, called through Tandem's
// engine (SQLite store) and through LangGraph.js's ToolNode, beside the floor — the official SDK
// client calling it directly. Each is its own process (bench/peers/tools-*.mjs), interleaved.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const REPS = Number(process.env.REPS ?? 3);
const TARGET_MS = 2;
const run = promisify(execFile);
const peers = fileURLToPath(new URL("peers/", import.meta.url));
if (!existsSync(`${peers}node_modules`)) throw new Error("bench/peers has no node_modules: run `npm ci` there (bench/peers/run.sh does)");

interface Figures {
  name: string;
  calls: number;
  runs: number;
  perCallMs: number;
  fastestMs: number;
  cpuPerCallMs: number;
}

const measurements = [
  { name: "floor", label: "floor: the SDK client alone", flags: [] },
  { name: "tandem", label: "**Tandem** (engine, SQLite store)", flags: ["--import", "tsx"] },
  { name: "langgraph", label: "LangGraph.js (StateGraph + ToolNode)", flags: [] },
];

async function measure(name: string, flags: string[]): Promise<Figures> {
  const { stdout } = await run(process.execPath, [...flags, `${peers}tools-${name}.mjs`], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Figures;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const loadBefore = loadavg()[0]!;
const samples = measurements.map(() => [] as Figures[]);
for (let rep = 0; rep < REPS; rep++) {
  // Interleaved, so that the machine's load changes every measurement alike.
  for (const [i, m] of measurements.entries()) samples[i]!.push(await measure(m.name, m.flags));
}
const perCall = samples.map((s) => median(s.map((f) => f.perCallMs)));
const cpu = samples.map((s) => median(s.map((f) => f.cpuPerCallMs)));
const { calls, runs } = samples[0]![0]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

console.log(
  `\n## Tool calls (bench/tools.bench.ts: a no-op MCP tool over stdio, no approval; ms per call = run time / ${calls} calls, median of ${runs} runs, median of ${REPS} processes; load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})\n`,
);
console.log("| | per call | over the floor | × floor | fastest run | CPU per call | CPU over the floor |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
measurements.forEach((m, i) => {
  const fastest = Math.min(...samples[i]!.map((f) => f.fastestMs));
  const over = (xs: number[]) => (i === 0 ? "" : ms(xs[i]! - xs[0]!));
  console.log(`| ${m.label} | ${ms(perCall[i]!)} | ${over(perCall)} | ${(perCall[i]! / perCall[0]!).toFixed(1)} | ${ms(fastest)} | ${ms(cpu[i]!)} | ${over(cpu)} |`);
});
const overhead = perCall[1]! - perCall[0]!;
console.log(`\nTandem's overhead per call: ${ms(overhead)} (target ≤ ${TARGET_MS} ms: ${overhead <= TARGET_MS ? "met" : "missed"}); LangGraph.js's: ${ms(perCall[2]! - perCall[0]!)}`);
console.log("CPU: the calling process's own (all its threads; not the tool server's), which a busy machine stretches far less than the wall-clock time.");
