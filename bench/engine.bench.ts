// Engine figures beyond the peer workloads: per-step cost as the transcript grows
// (100 vs 10,000 steps, memory and SQLite stores) and the store's batched append rate.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunEvent } from "@tandem/shared";
import { Engine, checkFlowDocument, createMemoryEventStore, createRegistry, createSqliteEventStore, openDb, type EventStore } from "@tandem/server";
import type { ModelProvider } from "../server/src/providers/types.js";

const stub: ModelProvider = {
  id: "stub",
  async *stream() {
    yield { type: "done", content: "stub reply" };
  },
};

function loopFlow(steps: number) {
  return {
    schemaVersion: 2,
    name: "growth",
    maxSteps: steps + 1,
    nodes: [
      { id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } },
      { id: "agent", type: "agent", position: { x: 0, y: 0 }, data: { name: "agent", model: "stub/x", maxVisits: steps } },
      { id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "agent", data: {} },
      { id: "e2", source: "agent", target: "agent", data: {} },
      { id: "e3", source: "agent", target: "end", data: {} },
    ],
  };
}

function withStore<T>(kind: "memory" | "sqlite", fn: (store: EventStore) => Promise<T>): Promise<T> {
  if (kind === "memory") return fn(createMemoryEventStore());
  const dir = mkdtempSync(join(tmpdir(), "tandem-bench-"));
  const store = createSqliteEventStore(openDb(dir));
  return fn(store).finally(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

async function usPerStep(kind: "memory" | "sqlite", steps: number, runs: number): Promise<number> {
  return withStore(kind, async (store) => {
    const engine = new Engine({ store, registry: createRegistry({ env: {}, providers: { stub } }) });
    const flow = checkFlowDocument(loopFlow(steps));
    await engine.start(flow, "warm up").done;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) {
      const s = await engine.start(flow, "go").done;
      if (s.status !== "completed" || s.steps !== steps) throw new Error(`run ended ${s.status} after ${s.steps} steps`);
    }
    return ((performance.now() - t0) * 1000) / (steps * runs);
  });
}

async function appendRate(): Promise<number> {
  return withStore("sqlite", async (store) => {
    const total = 200_000;
    const batch = 100;
    const runId = "bench";
    const event = (seq: number): RunEvent =>
      seq === 1
        ? { type: "run.started", runId, flow: loopFlow(1) as never, input: "x", options: {}, seq, at: Date.now() }
        : { type: "message", nodeId: "agent", role: "assistant", name: "agent", content: "stub reply", seq, at: Date.now() };
    const summary = { status: "running" as const, waitingNode: null, steps: 0, tokens: 0, lastSeq: 0, updatedAt: 0, finishedAt: null };
    const t0 = performance.now();
    for (let seq = 1; seq <= total; seq += batch) {
      const events: RunEvent[] = [];
      for (let i = 0; i < batch; i++) events.push(event(seq + i));
      store.append(runId, events, { ...summary, lastSeq: seq + batch - 1 });
    }
    return total / ((performance.now() - t0) / 1000);
  });
}

const fmt = (n: number) => n.toFixed(1);
console.log("\n## Engine: per-step cost as the transcript grows (µs/step; target ≤ 1.5× from 100 to 10,000 steps)\n");
console.log("| store | 100-step runs | 10,000-step run | ratio |\n|---|---:|---:|---:|");
for (const kind of ["memory", "sqlite"] as const) {
  const small = await usPerStep(kind, 100, 200);
  const large = await usPerStep(kind, 10_000, 2);
  console.log(`| ${kind} | ${fmt(small)} | ${fmt(large)} | ${(large / small).toFixed(2)}× |`);
}
const rate = await appendRate();
console.log(`\n## Store: batched appends (100 events a transaction): ${Math.round(rate).toLocaleString("en")} events/s (target ≥ 50,000)\n`);
