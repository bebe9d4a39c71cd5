// Engine figures beyond the peer workloads: per-step cost as the transcript grows (100 vs
// 10,000 steps) with the memory, SQLite and Postgres stores side by side, Postgres against
// SQLite, and each store's batched append rate. Postgres is a throwaway server of its own
// (server/test/helpers/postgres.ts; $TANDEM_TEST_DATABASE_URL points at one already running).
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { RunEvent } from "@tandem/shared";
import { checkFlowDocument } from "../server/src/engine/checked-flow.js";
import { Engine } from "../server/src/engine/engine.js";
import { createRegistry } from "../server/src/providers/registry.js";
import type { ModelProvider } from "../server/src/providers/types.js";
import { createMemoryEventStore } from "../server/src/store/memory-events.js";
import { openSql } from "../server/src/store/open.js";
import { createSqlEventStore } from "../server/src/store/sql-events.js";
import type { EventStore } from "../server/src/store/types.js";
import { startPostgres, type TestPostgres } from "../server/test/helpers/postgres.js";

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

type StoreKind = "memory" | "sqlite" | "postgres";

let postgres: TestPostgres | undefined;

/** A new, empty store of the kind, closed (and its data removed) after fn. */
async function withStore<T>(kind: StoreKind, fn: (store: EventStore) => Promise<T>): Promise<T> {
  if (kind === "memory") return fn(createMemoryEventStore());
  const dir = kind === "sqlite" ? mkdtempSync(join(tmpdir(), "tandem-bench-")) : undefined;
  const { sql } = await openSql(dir ?? (await (postgres ??= await startPostgres()).freshDatabase()));
  const store = createSqlEventStore(sql);
  try {
    return await fn(store);
  } finally {
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function usPerStep(kind: StoreKind, steps: number, runs: number): Promise<number> {
  return withStore(kind, async (store) => {
    const engine = new Engine({ store, registry: createRegistry({ env: {}, providers: { stub } }) });
    const flow = checkFlowDocument(loopFlow(steps));
    await (await engine.start(flow, "warm up")).done;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) {
      const s = await (await engine.start(flow, "go")).done;
      if (s.status !== "completed" || s.steps !== steps) throw new Error(`run ended ${s.status} after ${s.steps} steps`);
    }
    return ((performance.now() - t0) * 1000) / (steps * runs);
  });
}

async function appendRate(kind: StoreKind): Promise<number> {
  return withStore(kind, async (store) => {
    const total = 200_000;
    const batch = 100;
    const runId = "bench";
    const event = (seq: number): RunEvent =>
      seq === 1
        ? { type: "run.started", runId, flow: loopFlow(1) as never, input: "x", options: {}, seq, at: Date.now() }
        : { type: "message", nodeId: "agent", role: "assistant", name: "agent", content: "stub reply", seq, at: Date.now() };
    const progress = { status: "running" as const, waitingNode: null, steps: 0, tokens: 0, costUsd: 0, lastSeq: 0, startedAt: 0, updatedAt: 0, finishedAt: null };
    const t0 = performance.now();
    for (let seq = 1; seq <= total; seq += batch) {
      const events: RunEvent[] = [];
      for (let i = 0; i < batch; i++) events.push(event(seq + i));
      await store.append(runId, events, { ...progress, lastSeq: seq + batch - 1 });
    }
    return total / ((performance.now() - t0) / 1000);
  });
}

const fmt = (n: number) => n.toFixed(1);
try {
  console.log(`\n## Engine: per-step cost as the transcript grows (µs/step; target ≤ 1.5× from 100 to 10,000 steps; load average ${loadavg()[0]!.toFixed(1)})\n`);
  console.log("| store | 100-step runs | 10,000-step run | ratio |\n|---|---:|---:|---:|");
  const figures = new Map<StoreKind, { small: number; large: number }>();
  for (const kind of ["memory", "sqlite", "postgres"] as const) {
    const small = await usPerStep(kind, 100, 200);
    const large = await usPerStep(kind, 10_000, 2);
    figures.set(kind, { small, large });
    console.log(`| ${kind} | ${fmt(small)} | ${fmt(large)} | ${(large / small).toFixed(2)}× |`);
  }
  const sqlite = figures.get("sqlite")!;
  const pg = figures.get("postgres")!;
  console.log(`\nPostgres / SQLite: ${(pg.small / sqlite.small).toFixed(2)}× on 100-step runs, ${(pg.large / sqlite.large).toFixed(2)}× on the 10,000-step run (target ≤ 3×)`);
  console.log("\n## Store: batched appends (100 events a transaction; target ≥ 50,000 events/s)\n");
  for (const kind of ["sqlite", "postgres"] as const) console.log(`${kind}: ${Math.round(await appendRate(kind)).toLocaleString("en")} events/s`);
} finally {
  await postgres?.stop();
}
