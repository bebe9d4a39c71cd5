// A flow at every size limit saved to a real server process: how long the save takes, and the
// longest the server's event loop was held during it (measured inside the server by
// bench/stall-probe.mjs; the target is ~50 ms). Also the read of that flow, a refused
// 15,000-edge flow, and the floor: the longest stall while only health requests come (on a
// machine busy with other work, the process waits for a core whatever it does). BENCH_SAVES sets how many saves (default 10); the first is on a cold process.
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { flowAtLimits } from "../server/test/helpers/big-flow.js";
import { startServerProcess, type ServerProcess } from "../server/test/helpers/server-process.js";

const SAVES = Number(process.env.BENCH_SAVES ?? 10);
const PROBE = fileURLToPath(new URL("./stall-probe.mjs", import.meta.url));
const STALL = /stall-probe: max ([\d.]+) ms/g;

/** Runs `work` and returns its duration and the server's longest event-loop stall during it. */
async function measured(server: ServerProcess, work: () => Promise<void>): Promise<{ ms: number; stallMs: number }> {
  const stall = async () => {
    const seen = [...server.logs().matchAll(STALL)].length;
    process.kill(server.pid, "SIGUSR2");
    for (;;) {
      const all = [...server.logs().matchAll(STALL)];
      if (all.length > seen) return Number(all.at(-1)![1]);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  await stall(); // starts the probe afresh
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  return { ms, stallMs: await stall() };
}

async function call(server: ServerProcess, method: string, path: string, body?: string): Promise<any> {
  const res = await fetch(server.url + path, { method, headers: body ? { "content-type": "application/json" } : {}, body });
  const json = await res.json();
  return { status: res.status, json };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);

const server = await startServerProcess({ env: { NODE_OPTIONS: `--import ${PROBE}` } });
try {
  const body = JSON.stringify({ flow: flowAtLimits() });
  const created = await call(server, "POST", "/api/flows", JSON.stringify({ flow: { schemaVersion: 2, name: "Bench", nodes: [], edges: [] } }));
  const saves: { ms: number; stallMs: number }[] = [];
  for (let i = 0; i < SAVES; i++) {
    saves.push(
      await measured(server, async () => {
        const res = await call(server, "PUT", `/api/flows/${created.json.id}`, body);
        if (res.status !== 200) throw new Error(`save: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
      }),
    );
  }
  const reads: { ms: number; stallMs: number }[] = [];
  for (let i = 0; i < SAVES; i++) reads.push(await measured(server, async () => void (await call(server, "GET", `/api/flows/${created.json.id}`))));

  const star = { schemaVersion: 2, name: "Star", nodes: [], edges: Array.from({ length: 15_000 }, (_, i) => ({ id: `e${i}`, source: "a", target: "b" })) };
  const refused = await measured(server, async () => {
    const res = await call(server, "PUT", `/api/flows/${created.json.id}`, JSON.stringify({ flow: star }));
    if (res.status !== 422) throw new Error(`the 15,000-edge flow was not refused: ${res.status}`);
  });

  // What this machine costs before Tandem does any heavy work: stalls while only health requests come.
  const floor = await measured(server, async () => {
    for (let i = 0; i < 50; i++) await call(server, "GET", "/api/health");
  });

  const [warm, cold] = [saves.slice(1), saves[0]!];
  console.log(`\n## Limits (bench/limits.bench.ts: a flow at every limit, ${(body.length / 1024).toFixed(0)} KiB, ${SAVES} saves; load average ${loadavg()[0]!.toFixed(1)})`);
  console.log(`save: cold ${cold.ms.toFixed(0)} ms (longest stall ${cold.stallMs.toFixed(0)} ms); warm median ${median(warm.map((s) => s.ms)).toFixed(0)} ms, longest stall median ${median(warm.map((s) => s.stallMs)).toFixed(0)} ms, max ${max(warm.map((s) => s.stallMs)).toFixed(0)} ms (target ~50)`);
  console.log(`read: median ${median(reads.map((s) => s.ms)).toFixed(0)} ms, longest stall median ${median(reads.map((s) => s.stallMs)).toFixed(0)} ms, max ${max(reads.map((s) => s.stallMs)).toFixed(0)} ms`);
  console.log(`floor: 50 health requests, longest stall ${floor.stallMs.toFixed(0)} ms`);
  console.log(`15,000-edge flow refused (422): ${refused.ms.toFixed(0)} ms, longest stall ${refused.stallMs.toFixed(0)} ms`);
} finally {
  await server.stop();
}
