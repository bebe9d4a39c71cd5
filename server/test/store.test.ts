// The event store's conformance suite: the in-memory store, SQLite (a real file) and Postgres (a
// real server) are held to the same behaviour, case by case.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyEvent, fold, type Actor, type RunEvent, type RunEventBody, type RunState } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { createMemoryEventStore } from "../src/store/memory-events.js";
import { openSql } from "../src/store/open.js";
import { progressOf } from "../src/store/progress.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { SeqTakenError, type AuditRowFilter, type EventStore } from "../src/store/types.js";
import { postgresBackend, sqlBackends } from "./helpers/backends.js";

const ROOT = resolve(import.meta.dirname, "../..");
const FLOW = checkFlowDocument(JSON.parse(readFileSync(join(ROOT, "examples/hitl-review.flow.json"), "utf8")));

let clock = 1_700_000_000_000;

/** Writes a run's events the way the engine does: folded into a state, appended with its summary. */
class RunWriter {
  readonly state: RunState = fold([]);
  constructor(
    private readonly store: EventStore,
    readonly runId: string,
  ) {}

  /** Builds the next events (seq and time) without storing them. */
  build(...bodies: RunEventBody[]): RunEvent[] {
    const probe = fold([], this.state);
    return bodies.map((b) => {
      const e = { ...b, seq: probe.lastSeq + 1, at: ++clock } as RunEvent;
      applyEvent(probe, e);
      return e;
    });
  }

  async append(...bodies: RunEventBody[]): Promise<RunEvent[]> {
    const events = this.build(...bodies);
    await this.store.append(this.runId, events, progressOf(fold(events, this.state)));
    for (const e of events) applyEvent(this.state, e);
    return events;
  }

  start(input: string, extra: { flowId?: string; flowVersion?: number; name?: string; deployment?: string } = {}): Promise<RunEvent[]> {
    const flow = extra.name ? { ...FLOW, name: extra.name } : FLOW;
    return this.append(
      {
        type: "run.started",
        runId: this.runId,
        flow,
        input,
        options: {},
        ...(extra.flowId ? { flowId: extra.flowId, flowVersion: extra.flowVersion ?? 1 } : {}),
        ...(extra.deployment ? { deployment: { name: extra.deployment, via: "api" as const } } : {}),
      },
      { type: "node.started", nodeId: "user", visit: 1, attempt: 1 },
      { type: "message", nodeId: "user", role: "user", name: "user", content: input },
      { type: "route.taken", from: "user", to: "writer", edgeId: "e1", reason: "always" },
    );
  }

  /** The writer speaks, then the reviewer is asked. */
  draft(content: string, requestId = "req-1"): Promise<RunEvent[]> {
    return this.append(
      { type: "node.started", nodeId: "writer", visit: 1, attempt: 1 },
      { type: "message.delta", nodeId: "writer", text: content },
      { type: "message", nodeId: "writer", role: "assistant", name: "writer", content },
      { type: "route.taken", from: "writer", to: "human_reviewer", edgeId: "e2", reason: "always" },
      { type: "node.started", nodeId: "human_reviewer", visit: 1, attempt: 1 },
      { type: "human.requested", nodeId: "human_reviewer", requestId, instructions: "Review.", outcomes: [], allowText: true, allowEdit: true },
    );
  }

  finish(status: "completed" | "failed" | "cancelled"): Promise<RunEvent[]> {
    return this.append({ type: "run.finished", status, ...(status === "completed" ? { output: this.state.messages.at(-1)?.content ?? "" } : {}) });
  }
}

/** A run started at a given time (as an older run's fork or a run written by another server may be). */
async function startedAt(store: EventStore, runId: string, at: number): Promise<void> {
  const events = [
    { type: "run.started", runId, flow: FLOW, input: runId, options: {}, seq: 1, at },
    { type: "node.started", nodeId: "user", visit: 1, attempt: 1, seq: 2, at },
  ] as RunEvent[];
  await store.append(runId, events, progressOf(fold(events)));
}

interface Backend {
  name: string;
  /** A new, empty store. */
  open(): Promise<EventStore>;
}

const backends: Backend[] = [
  { name: "memory", open: async () => createMemoryEventStore() },
  ...sqlBackends.map((b) => ({ name: b.name, open: async () => createSqlEventStore(await b.open()) })),
];

describe.each(backends)("$name event store", (backend) => {
  it("appends events and reads them back in order, from any seq", async () => {
    const store = await backend.open();
    const w = new RunWriter(store, "run-a");
    const written = [...(await w.start("Write about tea")), ...(await w.draft("Tea is old."))];

    expect(await store.events("run-a")).toEqual(written);
    expect(await store.events("run-a", 0)).toEqual(written);
    expect((await store.events("run-a", 4)).map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10]);
    expect((await store.events("run-a", 4))[0]).toEqual(written[4]);
    expect(await store.events("run-a", written.length)).toEqual([]);
    expect(await store.events("nope")).toEqual([]);

    expect(await store.run("run-a")).toEqual({
      id: "run-a",
      flowId: null,
      flowVersion: null,
      flowName: "Writer and human reviewer",
      input: "Write about tea",
      status: "waiting",
      waitingNode: "human_reviewer",
      steps: 2,
      tokens: 0,
      costUsd: 0,
      lastSeq: 10,
      parentRunId: null,
      parentSeq: null,
      imported: false,
      deployment: null,
      startedAt: written[0]!.at,
      updatedAt: written.at(-1)!.at,
      finishedAt: null,
      damaged: null,
    });
    expect(await store.run("nope")).toBeUndefined();

    const fin = await w.finish("completed");
    expect(await store.run("run-a")).toMatchObject({ status: "completed", waitingNode: null, finishedAt: fin[0]!.at, lastSeq: 11 });
  });

  it("keeps the progress columns as given: cost to the fraction of a cent, tokens, times in ms", async () => {
    const store = await backend.open();
    const w = new RunWriter(store, "run-a");
    await w.start("a", { flowId: "flow-1", flowVersion: 7 });
    const next = w.build({ type: "node.started", nodeId: "writer", visit: 1, attempt: 1 });
    const progress = { ...progressOf(w.state), steps: 3, tokens: 5_000_000_123, costUsd: 0.012345678, lastSeq: 5, updatedAt: 4_102_444_800_123, finishedAt: null };
    await store.append("run-a", next, progress);
    const row = await store.run("run-a");
    expect(row).toMatchObject({ flowId: "flow-1", flowVersion: 7, steps: 3, tokens: 5_000_000_123, costUsd: 0.012345678, lastSeq: 5, updatedAt: 4_102_444_800_123 });
    expect(typeof row!.tokens).toBe("number");
    expect(typeof row!.startedAt).toBe("number");
  });

  it("lists runs newest first, filtered by flow, status, deployment and text in a message", async () => {
    const store = await backend.open();
    const a = new RunWriter(store, "run-a");
    await a.start("Write about tea", { flowId: "flow-1" });
    await a.draft("Tea began in China.");
    await a.finish("completed");
    const b = new RunWriter(store, "run-b");
    await b.start("Write about coffee", { flowId: "flow-2", deployment: "coffee-bot" });
    await b.draft("Coffee began in Ethiopia; a 100% arabica story.");
    await b.append({ type: "human.responded", nodeId: "human_reviewer", requestId: "req-1", by: "alice", text: "Add a line on Kenya.", edit: "Coffee began in Yemen." });
    const c = new RunWriter(store, "run-c");
    await c.start("Write about water", { flowId: "flow-1", name: "Another flow" });
    await c.finish("cancelled");

    const ids = async (f: Parameters<EventStore["listRuns"]>[0]) => (await store.listRuns(f)).runs.map((r) => r.id);
    expect(await store.listRuns()).toMatchObject({ total: 3 });
    expect(await ids({})).toEqual(["run-c", "run-b", "run-a"]);
    expect(await ids({ flowId: "flow-1" })).toEqual(["run-c", "run-a"]);
    expect(await ids({ status: "completed" })).toEqual(["run-a"]);
    expect(await ids({ status: "running" })).toEqual(["run-b"]);
    expect(await ids({ flowId: "flow-1", status: "cancelled" })).toEqual(["run-c"]);
    expect(await ids({ deployment: "coffee-bot" })).toEqual(["run-b"]);
    expect(await ids({ deployment: "tea-bot" })).toEqual([]);
    expect(await store.run("run-b")).toMatchObject({ deployment: "coffee-bot" });
    // Text found in a message (not only in the input).
    expect(await ids({ text: "Ethiopia" })).toEqual(["run-b"]);
    expect(await ids({ text: "China" })).toEqual(["run-a"]);
    expect(await ids({ text: "water" })).toEqual(["run-c"]);
    // A person's reply and edit are part of the conversation too.
    expect(await ids({ text: "Kenya" })).toEqual(["run-b"]);
    expect(await ids({ text: "Yemen" })).toEqual(["run-b"]);
    expect(await ids({ text: "Write about" })).toEqual(["run-c", "run-b", "run-a"]);
    expect(await ids({ text: "nothing like this" })).toEqual([]);
    // Only what was said counts, not the event's field names or other values.
    expect(await ids({ text: "assistant" })).toEqual([]);
    expect(await ids({ text: "nodeId" })).toEqual([]);
    expect(await ids({ text: "human_reviewer" })).toEqual([]);
    expect(await ids({ text: "alice" })).toEqual([]);
    expect(await ids({ text: "content" })).toEqual([]);
    // Case does not matter.
    expect(await ids({ text: "ethiopia" })).toEqual(["run-b"]);
    expect(await ids({ text: "KENYA" })).toEqual(["run-b"]);
    expect(await ids({ text: "wRiTe AbOuT wAtEr" })).toEqual(["run-c"]);
    // LIKE wildcards and the escape character in the text are taken literally.
    expect(await ids({ text: "100%" })).toEqual(["run-b"]);
    expect(await ids({ text: "%" })).toEqual(["run-b"]);
    expect(await ids({ text: "_" })).toEqual([]);
    expect(await ids({ text: "Tea_began" })).toEqual([]);
    expect(await ids({ text: "\\" })).toEqual([]);
    // Filters together, and the total counts every match, not the page.
    expect(await ids({ text: "began", flowId: "flow-2" })).toEqual(["run-b"]);
    expect(await store.listRuns({ text: "Write", limit: 1, offset: 1 })).toMatchObject({ total: 3, runs: [{ id: "run-b" }] });
    // Paging.
    expect(await store.listRuns({ limit: 2 })).toMatchObject({ total: 3, runs: [{ id: "run-c" }, { id: "run-b" }] });
    expect(await ids({ limit: 2, offset: 2 })).toEqual(["run-a"]);
    expect(await store.listRuns({ limit: 2, offset: 3 })).toEqual({ total: 3, runs: [] });
    expect(await store.listRuns({ flowId: "flow-1", limit: 1 })).toMatchObject({ total: 2 });
  });

  it("finds text in a run whose messages hold a NUL character or the text \\u0000, and still searches every other run", async () => {
    const store = await backend.open();
    const nul = new RunWriter(store, "run-nul");
    await nul.start("binary paste");
    await nul.draft("before\u0000after: Darjeeling");
    const typed = new RunWriter(store, "run-typed");
    await typed.start("escapes");
    await typed.draft("the escape \\u0000 in C");
    await new RunWriter(store, "run-plain").start("Darjeeling plain");

    const ids = async (text: string) => (await store.listRuns({ text })).runs.map((r) => r.id).sort();
    expect(await ids("Darjeeling")).toEqual(["run-nul", "run-plain"]);
    expect(await ids("before")).toEqual(["run-nul"]);
    expect(await ids("escape")).toEqual(["run-typed"]);
    expect((await store.events("run-nul"))[6]).toMatchObject({ content: "before\u0000after: Darjeeling" });
  });

  it("refuses an append whose seq is taken, storing nothing of it: no event, no progress, no audit row", async () => {
    const store = await backend.open();
    const w = new RunWriter(store, "run-a");
    await w.start("Write about tea");
    await w.draft("Tea is old.");
    const before = await store.events("run-a");
    const rowBefore = await store.run("run-a");

    // A second writer that has not seen the last event: its batch starts at a taken seq, and holds an answer.
    const stale = before.slice(-1).map((e) => ({ ...e, at: e.at + 1000 }));
    const next = w.build({ type: "human.responded", nodeId: "human_reviewer", requestId: "req-1", by: "Ana", actor: { userId: "u-ana", name: "Ana", via: "studio" }, text: "fine" });
    const summary = { ...progressOf(w.state), status: "failed" as const, lastSeq: 11 };
    await expect(store.append("run-a", [...stale, ...next], summary)).rejects.toThrow();

    expect(await store.events("run-a")).toEqual(before);
    expect(await store.run("run-a")).toEqual(rowBefore);
    expect(await store.auditRows({ limit: 10, offset: 0 })).toEqual({ rows: [], total: 0 });
    // A run id is created once.
    await expect(new RunWriter(store, "run-a").start("again")).rejects.toThrow();
    expect(await store.events("run-a")).toEqual(before);
    expect(await store.run("run-a")).toEqual(rowBefore);
    // Nor a gap, a batch out of order, or events of a run that was never started.
    const [after] = w.build({ type: "node.started", nodeId: "writer", visit: 2, attempt: 1 });
    await expect(store.append("run-a", [{ ...after!, seq: 12 }], { ...summary, lastSeq: 12 })).rejects.toThrow();
    await expect(store.append("run-a", [after!, { ...after!, seq: 13 }], { ...summary, lastSeq: 13 })).rejects.toThrow();
    await expect(store.append("run-nope", [{ ...after!, seq: 1 }], { ...summary, lastSeq: 1 })).rejects.toThrow();
    expect(await store.events("run-a")).toEqual(before);
    expect(await store.run("run-a")).toEqual(rowBefore);
    expect(await store.events("run-nope")).toEqual([]);
    expect(await store.run("run-nope")).toBeUndefined();
    // The real next event still goes in.
    await w.append({ type: "node.started", nodeId: "writer", visit: 2, attempt: 1 });
    expect((await store.events("run-a")).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("in a batch, one run's refused append leaves the other runs' appends committed", async () => {
    const store = await backend.open();
    const [a, b, c] = ["run-a", "run-b", "run-c"].map((id) => new RunWriter(store, id));
    await a!.start("a");
    await b!.start("b");
    const bBefore = await store.events("run-b");
    const outcomes = await store.batch(async () => {
      const results: string[] = [];
      results.push(await a!.append({ type: "node.started", nodeId: "writer", visit: 1, attempt: 1 }).then(() => "stored", () => "refused"));
      // b's batch repeats seq 4.
      const stale = bBefore.slice(-1);
      results.push(await store.append("run-b", [...stale, ...b!.build({ type: "node.started", nodeId: "writer", visit: 1, attempt: 1 })], progressOf(b!.state)).then(() => "stored", () => "refused"));
      results.push(await c!.start("c").then(() => "stored", () => "refused"));
      return results;
    });
    expect(outcomes).toEqual(["stored", "refused", "stored"]);
    expect((await store.events("run-a")).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await store.events("run-b")).toEqual(bBefore);
    expect((await store.events("run-c")).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect((await store.listRuns()).total).toBe(3);
  });

  it("a batch that fails stores none of its appends; a batch inside it that fails takes back only its own", async () => {
    const store = await backend.open();
    const a = new RunWriter(store, "run-a");
    await a.start("a");
    const before = { events: await store.events("run-a"), run: await store.run("run-a") };
    const failed = store.batch(async () => {
      await store.append("run-a", a.build({ type: "node.started", nodeId: "writer", visit: 1, attempt: 1 }), { ...progressOf(a.state), steps: 9, lastSeq: 5 });
      await new RunWriter(store, "run-b").start("b");
      await store.append("run-a", [{ ...a.build({ type: "human.responded", nodeId: "human_reviewer", requestId: "r1", by: "Ana", text: "ok" })[0]!, seq: 6 }], { ...progressOf(a.state), lastSeq: 6 });
      throw new Error("the commit failed");
    });
    await expect(failed).rejects.toThrow("the commit failed");
    expect(await store.events("run-a")).toEqual(before.events);
    expect(await store.run("run-a")).toEqual(before.run);
    expect(await store.run("run-b")).toBeUndefined();
    expect(await store.listRuns()).toMatchObject({ total: 1 });
    expect(await store.auditRows({ limit: 10, offset: 0 })).toEqual({ rows: [], total: 0 });

    await store.batch(async () => {
      await new RunWriter(store, "run-c").start("c");
      await expect(
        store.batch(async () => {
          await new RunWriter(store, "run-d").start("d");
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
    });
    expect((await store.listRuns()).runs.map((r) => r.id).sort()).toEqual(["run-a", "run-c"]);
    // What the batch wrote goes on as usual after it.
    await a.append({ type: "node.started", nodeId: "writer", visit: 1, attempt: 1 });
    expect((await store.events("run-a")).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("names the unfinished runs in the order they started, not finished or imported ones", async () => {
    const store = await backend.open();
    const running = new RunWriter(store, "run-z-running");
    await running.start("a");
    const waiting = new RunWriter(store, "run-a-waiting");
    await waiting.start("b");
    await waiting.draft("draft");
    for (const status of ["completed", "failed", "cancelled"] as const) {
      const w = new RunWriter(store, `run-${status}`);
      await w.start(status);
      await w.finish(status);
    }
    const events = new RunWriter(createMemoryEventStore(), "run-imported").build(
      { type: "run.started", runId: "run-imported", flow: FLOW, input: "imported", options: {} },
      { type: "node.started", nodeId: "user", visit: 1, attempt: 1 },
    );
    await store.append("run-imported", events, progressOf(fold(events)), { imported: true });
    const later = new RunWriter(store, "run-m-later");
    await later.start("c");
    // Stored last, started first; two started at the same moment go by id.
    await startedAt(store, "run-y-early", 1_000);
    await startedAt(store, "run-x-early", 1_000);

    expect(await store.unfinishedRuns()).toEqual(["run-x-early", "run-y-early", "run-z-running", "run-a-waiting", "run-m-later"]);
    expect(await store.run("run-imported")).toMatchObject({ imported: true, status: "running" });
    await waiting.finish("completed");
    expect(await store.unfinishedRuns()).toEqual(["run-x-early", "run-y-early", "run-z-running", "run-m-later"]);
    // Listed the other way: the newest first, equal starts by id.
    expect((await store.listRuns()).runs.map((r) => r.id).slice(-3)).toEqual(["run-z-running", "run-x-early", "run-y-early"]);
  });

  it("lists a run marked damaged with the last reason given, and deletes a run with its events, audit rows and mark", async () => {
    const store = await backend.open();
    await new RunWriter(store, "run-a").start("a");
    const b = new RunWriter(store, "run-b");
    await b.start("b");
    const ana: Actor = { userId: "u-ana", name: "Ana", via: "studio" };
    await b.draft("draft");
    await b.append({ type: "human.responded", nodeId: "human_reviewer", requestId: "req-1", by: "Ana", actor: ana, text: "ok" });
    const a = new RunWriter(store, "run-a");
    for (const e of await store.events("run-a")) applyEvent(a.state, e);
    await a.draft("draft");
    await a.append({ type: "human.responded", nodeId: "human_reviewer", requestId: "req-1", by: "Ana", actor: ana, text: "ok" });
    expect((await store.run("run-a"))?.damaged).toBeNull();
    await store.markDamaged("run-a", "unknown event node.teleported");
    await store.markDamaged("run-a", "unknown event node.vanished");
    expect((await store.run("run-a"))?.damaged).toBe("unknown event node.vanished");
    expect((await store.listRuns()).runs.map((r) => [r.id, r.damaged])).toEqual([
      ["run-b", null],
      ["run-a", "unknown event node.vanished"],
    ]);
    expect((await store.auditRows({ limit: 10, offset: 0 })).total).toBe(2);

    expect(await store.deleteRun("run-a")).toBe(true);
    expect(await store.run("run-a")).toBeUndefined();
    expect(await store.events("run-a")).toEqual([]);
    expect(await store.listRuns()).toMatchObject({ total: 1, runs: [{ id: "run-b" }] });
    expect(await store.auditRows({ limit: 10, offset: 0 })).toMatchObject({ total: 1, rows: [{ runId: "run-b" }] });
    expect(await store.deleteRun("run-a")).toBe(false);
    // The id can be used again, and starts sound: no mark, no old events, no old audit rows.
    await new RunWriter(store, "run-a").start("again");
    expect((await store.run("run-a"))?.damaged).toBeNull();
    expect(await store.events("run-a")).toHaveLength(4);
    expect((await store.auditRows({ limit: 10, offset: 0 })).total).toBe(1);
  });

  describe("audit rows", () => {
    const T = 1_800_000_000_000;
    const ANA: Actor = { userId: "u-ana", name: "Ana", via: "studio" };
    const BOB: Actor = { userId: "u-bob", name: "Bob", via: "terminal" };
    const asked = { instructions: "Review.", outcomes: [], allowText: true, allowEdit: true };

    /** A run's whole log at given times: [body, at] pairs after run.started at `start`. */
    async function record(store: EventStore, runId: string, flowId: string, start: number, steps: [RunEventBody, number][]) {
      const bodies: [RunEventBody, number][] = [[{ type: "run.started", runId, flow: FLOW, flowId, flowVersion: 1, input: runId, options: {} }, start], ...steps];
      const events = bodies.map(([b, at], i) => ({ ...b, seq: i + 1, at }) as RunEvent);
      await store.append(runId, events, progressOf(fold(events)));
    }

    /** Two runs whose decisions share times, so that every tie-break of the order shows (Bob's run stored first). */
    async function seeded(): Promise<EventStore> {
      const store = await backend.open();
      await record(store, "run-a", "flow-2", T, [
        [{ type: "human.requested", nodeId: "human_reviewer", requestId: "r1", ...asked }, T + 1],
        [{ type: "human.responded", nodeId: "human_reviewer", requestId: "r1", by: "Bob", actor: BOB, text: "ok" }, T + 10],
        [{ type: "human.requested", nodeId: "human_reviewer", requestId: "r2", ...asked, reading: { outcome: "approve", reason: "says ok" } }, T + 11],
        [{ type: "human.responded", nodeId: "human_reviewer", requestId: "r2", by: "Bob", actor: BOB, outcome: "revise" }, T + 20],
        [{ type: "human.requested", nodeId: "human_reviewer", requestId: "r3", ...asked }, T + 21],
        [{ type: "human.timed_out", nodeId: "human_reviewer", requestId: "r3", outcome: "approve" }, T + 30],
      ]);
      await record(store, "run-b", "flow-1", T, [
        [{ type: "human.requested", nodeId: "human_reviewer", requestId: "r1", ...asked }, T + 1],
        // answer + edit at one seq.
        [{ type: "human.responded", nodeId: "human_reviewer", requestId: "r1", by: "Ana", actor: ANA, text: "shorter", edit: "A short draft" }, T + 10],
        [{ type: "human.requested", nodeId: "human_reviewer", requestId: "r2", ...asked }, T + 11],
        // From before actors were recorded: a name, no user id.
        [{ type: "human.responded", nodeId: "human_reviewer", requestId: "r2", by: "carol", text: "fine" }, T + 20],
      ]);
      return store;
    }

    const brief = async (store: EventStore, f: Partial<AuditRowFilter> = {}) => {
      const { rows, total } = await store.auditRows({ limit: 100, offset: 0, ...f });
      return { rows: rows.map((r) => `${r.runId}#${r.seq} ${r.action}`), total };
    };

    it("are the newest first; equal times by run, then the later seq, then the action's name", async () => {
      const store = await seeded();
      const all = await store.auditRows({ limit: 100, offset: 0 });
      expect(all.rows[0]).toEqual({ runId: "run-a", seq: 7, at: T + 30, action: "timeout" });
      expect((await brief(store)).rows).toEqual(["run-a#7 timeout", "run-a#5 correct", "run-b#5 answer", "run-a#3 answer", "run-b#3 answer", "run-b#3 edit"]);
      expect(all.total).toBe(6);
      // Pages of the whole add up to it, each with the whole's total.
      const pages = await Promise.all([0, 4].map((offset) => brief(store, { offset, limit: 4 })));
      expect(pages.flatMap((p) => p.rows)).toEqual((await brief(store)).rows);
      expect(pages.map((p) => p.total)).toEqual([6, 6]);
      expect(await store.auditRows({ limit: 4, offset: 10 })).toEqual({ rows: [], total: 6 });
    });

    it("filter by person (a user id, or a name in any case), users, flow, actions and a time window", async () => {
      const store = await seeded();
      expect(await brief(store, { person: "u-ana" })).toEqual({ rows: ["run-b#3 answer", "run-b#3 edit"], total: 2 });
      expect((await brief(store, { person: "ANA" })).rows).toEqual(["run-b#3 answer", "run-b#3 edit"]);
      expect((await brief(store, { person: "bob" })).rows).toEqual(["run-a#5 correct", "run-a#3 answer"]);
      expect((await brief(store, { person: "Carol" })).rows).toEqual(["run-b#5 answer"]);
      // A user id is matched exactly.
      expect((await brief(store, { person: "U-ANA" })).rows).toEqual([]);
      expect((await brief(store, { person: "An" })).rows).toEqual([]);
      expect((await brief(store, { userIds: ["u-bob", "u-ana"] })).rows).toEqual(["run-a#5 correct", "run-a#3 answer", "run-b#3 answer", "run-b#3 edit"]);
      // Nobody: nothing, not everything.
      expect(await brief(store, { userIds: [] })).toEqual({ rows: [], total: 0 });
      expect((await brief(store, { flowId: "flow-1" })).rows).toEqual(["run-b#5 answer", "run-b#3 answer", "run-b#3 edit"]);
      expect((await brief(store, { actions: ["edit", "timeout"] })).rows).toEqual(["run-a#7 timeout", "run-b#3 edit"]);
      expect(await brief(store, { actions: [] })).toEqual({ rows: [], total: 0 });
      // Both ends of the window are in it.
      expect((await brief(store, { from: T + 10, to: T + 20 })).rows).toEqual(["run-a#5 correct", "run-b#5 answer", "run-a#3 answer", "run-b#3 answer", "run-b#3 edit"]);
      expect((await brief(store, { from: T + 21 })).rows).toEqual(["run-a#7 timeout"]);
      expect((await brief(store, { to: T + 9 })).rows).toEqual([]);
      // All together.
      expect(await brief(store, { person: "bob", flowId: "flow-2", actions: ["answer", "correct"], from: T + 11, limit: 1 })).toEqual({ rows: ["run-a#5 correct"], total: 1 });
    });

    it("name every user id that decided something, once each", async () => {
      const store = await seeded();
      expect(await store.auditUserIds()).toEqual(["u-ana", "u-bob"]);
      expect(await (await backend.open()).auditUserIds()).toEqual([]);
    });

    it("index an answer in the same batch as its request, and a correction of a reading asked earlier", async () => {
      const store = await backend.open();
      const w = new RunWriter(store, "run-a");
      await w.start("a");
      await w.append(
        { type: "human.requested", nodeId: "human_reviewer", requestId: "r1", ...asked, reading: { outcome: "approve", reason: "r" } },
        { type: "human.responded", nodeId: "human_reviewer", requestId: "r1", by: "Ana", actor: ANA, outcome: "revise" },
      );
      await w.append({ type: "human.requested", nodeId: "human_reviewer", requestId: "r2", ...asked, reading: { outcome: "approve", reason: "r" } });
      await w.append({ type: "human.responded", nodeId: "human_reviewer", requestId: "r2", by: "Ana", actor: ANA, outcome: "approve" });
      expect((await brief(store)).rows).toEqual(["run-a#8 correct", "run-a#6 correct"]);
    });
  });
});

describe.each(sqlBackends)("$name event store, reopened", (backend) => {
  const closing: EventStore[] = [];
  afterAll(async () => {
    for (const s of closing) await s.close().catch(() => {});
  });

  it("reads the same runs and events, and goes on where it stopped", async () => {
    const target = await backend.target();
    const first = createSqlEventStore((await openSql(target)).sql);
    const w = new RunWriter(first, "run-a");
    await w.start("Write about tea", { flowId: "flow-1" });
    await w.draft("Tea is old.");
    const events = await first.events("run-a");
    const row = await first.run("run-a");
    const list = await first.listRuns({ text: "Tea is old" });
    await first.close();

    const again = createSqlEventStore((await openSql(target)).sql);
    closing.push(again);
    expect(await again.events("run-a")).toEqual(events);
    expect(await again.events("run-a", 7)).toEqual(events.slice(7));
    expect(await again.run("run-a")).toEqual(row);
    expect(await again.listRuns({ text: "Tea is old" })).toEqual(list);
    expect(await again.unfinishedRuns()).toEqual(["run-a"]);
    const more = new RunWriter(again, "run-a");
    for (const e of events) applyEvent(more.state, e);
    await more.finish("completed");
    expect(await again.run("run-a")).toMatchObject({ status: "completed", lastSeq: events.length + 1 });
  });

  it("refuses an append by a writer other than the owner that claimed the run, and takes its owner's", async () => {
    const { sql } = await openSql(await backend.target());
    const [plain, ours, theirs] = [createSqlEventStore(sql), createSqlEventStore(sql, { writer: "ours" }), createSqlEventStore(sql, { writer: "theirs" })];
    closing.push(plain);
    const w = new RunWriter(plain, "run-a");
    await w.start("Write about tea");
    const next = () => {
      const events = w.build({ type: "message", nodeId: "writer", role: "assistant", name: "writer", content: "next" });
      return [events, progressOf(fold(events, w.state))] as const;
    };
    // Unclaimed: any writer continues the log.
    await ours.append("run-a", ...next());
    applyEvent(w.state, (await plain.events("run-a")).at(-1)!);
    await sql.run("INSERT INTO run_owners (run_id, owner) VALUES (?, ?)", ["run-a", "ours"]);
    await expect(theirs.append("run-a", ...next())).rejects.toThrow(SeqTakenError);
    expect(await plain.run("run-a")).toMatchObject({ lastSeq: 5 });
    await ours.append("run-a", ...next());
    expect(await plain.run("run-a")).toMatchObject({ lastSeq: 6 });
  });

  it("a second connection sees appends as soon as they are committed", async () => {
    const target = await backend.target();
    const writer = createSqlEventStore((await openSql(target)).sql);
    const reader = createSqlEventStore((await openSql(target)).sql);
    closing.push(writer, reader);
    const w = new RunWriter(writer, "run-a");
    await w.start("Write about tea");
    expect(await reader.events("run-a")).toHaveLength(4);
    await w.draft("Tea is old.");
    expect(await reader.run("run-a")).toMatchObject({ status: "waiting", lastSeq: 10 });
  });
});

// Several servers share one Postgres (SQLite's servers share a file across processes: one writer at a time).
describe("postgres event store shared by two servers", () => {
  it("of two servers appending the same next events at once, exactly one succeeds", async () => {
    const target = await postgresBackend.target();
    const [one, two] = [createSqlEventStore((await openSql(target)).sql), createSqlEventStore((await openSql(target)).sql)];
    const w = new RunWriter(one, "run-a");
    await w.start("Write about tea");
    for (let round = 0; round < 5; round++) {
      const [mine, theirs] = ["one", "two"].map((by) => w.build({ type: "message", nodeId: "writer", role: "assistant", name: "writer", content: `${by} ${round}` }));
      const progress = progressOf(fold(mine!, w.state));
      const results = await Promise.allSettled([one.append("run-a", mine!, progress), two.append("run-a", theirs!, progress)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const stored = (await one.events("run-a")).at(-1)!;
      applyEvent(w.state, stored);
      expect(stored.seq).toBe(5 + round);
    }
    expect(await two.events("run-a")).toHaveLength(9);
    await Promise.all([one.close(), two.close()]);
  });

});

describe("sqlite data directory", () => {
  it("keeps the database in $dir/tandem.db in WAL mode", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tandem-store-"));
    const { sql, sqlite } = await openSql(dir);
    try {
      expect(sqlite!.name).toBe(join(dir, "tandem.db"));
      expect(sqlite!.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      await sql.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
