// What the tool-call measurements share: the no-op MCP server, its SDK client, and the timing:
// runs of K tool calls after warm-up, per call = run time / K, one JSON line of figures out.
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

/** Tool calls in one run (Tandem's maxToolCalls), timed runs and untimed warm-up runs per process. */
export const K = Number(process.env.TOOL_CALLS ?? 20);
export const RUNS = Number(process.env.TOOL_RUNS ?? 50);
export const WARMUP_RUNS = 5;

/** How to start the no-op server: the same command for every measurement. */
export const noopServer = { command: process.execPath, args: [fileURLToPath(new URL("mcp-noop.mjs", import.meta.url))] };

export async function connectNoop() {
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(new StdioClientTransport(noopServer));
  return client;
}

/** The text of a call's result; anything but the no-op's "ok" stops the measurement. */
export function okText(result) {
  const text = result.content?.[0]?.text;
  if (result.isError || text !== "ok") throw new Error(`noop answered ${JSON.stringify(result)}`);
  return text;
}

/**
 * Times `run` (one run of K tool calls) and prints `{ name, perCallMs, fastestMs, cpuPerCallMs, ... }`.
 * The CPU time is this process's alone (all its threads, not the tool server's): on a busy
 * machine it holds still while the wall-clock time waits for a core.
 */
export async function measure(name, run) {
  for (let i = 0; i < WARMUP_RUNS; i++) await run();
  const perCall = [];
  const cpuPerCall = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await run();
    const cpu = process.cpuUsage(cpu0);
    perCall.push((performance.now() - t0) / K);
    cpuPerCall.push((cpu.user + cpu.system) / 1000 / K);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(JSON.stringify({ name, calls: K, runs: RUNS, perCallMs: median(perCall), fastestMs: Math.min(...perCall), cpuPerCallMs: median(cpuPerCall) }));
}
