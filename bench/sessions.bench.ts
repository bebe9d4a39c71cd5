// The sessions list on the server side: 10,000 stored runs, one filtered page.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fold, type RunEvent } from "@tandem/shared";
import { createSqlEventStore, openSql } from "@tandem/server";
import { progressOf } from "../server/src/store/progress.js";

const RUNS = 10_000;
const dir = mkdtempSync(join(tmpdir(), "tandem-bench-sessions-"));
const store = createSqlEventStore((await openSql(dir)).sql);
const flow = {
  schemaVersion: 2 as const,
  name: "f",
  maxSteps: 10,
  nodes: [
    { id: "s", type: "start" as const, position: { x: 0, y: 0 }, data: { name: "user" } },
    { id: "a", type: "agent" as const, position: { x: 0, y: 0 }, data: { name: "writer", model: "scripted/demo", systemMessage: "" } },
    { id: "e", type: "end" as const, position: { x: 0, y: 0 }, data: { name: "end" } },
  ],
  edges: [],
};
const words = ["invoice", "refund", "summary", "release", "incident", "roadmap", "contract", "survey"];
try {
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const runId = `run-${i}`;
    const at = 1_700_000_000_000 + i * 1000;
    const events: RunEvent[] = [
      { type: "run.started", runId, flow: { ...flow, name: `flow ${i % 20}` }, flowId: `flow-${i % 20}`, flowVersion: 1, input: `Write about the ${words[i % 8]} #${i}`, options: {}, seq: 1, at },
      { type: "node.started", nodeId: "a", visit: 1, attempt: 1, seq: 2, at },
      { type: "message", nodeId: "a", role: "assistant", name: "writer", content: `A draft about ${words[(i * 3) % 8]} number ${i}.`, seq: 3, at },
      i % 3 === 0
        ? { type: "run.finished", status: "completed", output: "done", seq: 4, at }
        : { type: "run.finished", status: "failed", error: { code: "x", message: "y" }, seq: 4, at },
    ];
    await store.append(runId, events, progressOf(fold(events)));
  }
  const fill = performance.now() - t0;
  const time = async (label: string, f: Parameters<typeof store.listRuns>[0]) => {
    const samples: number[] = [];
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      total = (await store.listRuns(f)).total;
      samples.push(performance.now() - s);
    }
    samples.sort((a, b) => a - b);
    console.log(`| ${label} | ${total.toLocaleString("en")} | ${samples[10]!.toFixed(1)} ms | ${samples[19]!.toFixed(1)} ms |`);
  };
  console.log(`\n## Sessions list: ${RUNS.toLocaleString("en")} stored runs (filled in ${(fill / 1000).toFixed(1)} s); one page of 50, target ≤ 50 ms\n`);
  console.log("| filter | matching runs | median | worst of 20 |\n|---|---:|---:|---:|");
  await time("none (first page)", { limit: 50 });
  await time("flow + status", { flowId: "flow-7", status: "completed", limit: 50 });
  await time("text in messages", { text: "refund", limit: 50 });
  await time("flow + status + text", { flowId: "flow-3", status: "failed", text: "release", limit: 50, offset: 0 });
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
