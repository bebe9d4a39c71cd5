// The event store. The SQLite store is tested on real files; the in-memory store must behave
// the same, so the shared behaviour runs against both.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEvent, fold, type RunEvent, type RunEventBody, type RunState } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { openDb } from "../src/store/db.js";
import { createMemoryEventStore } from "../src/store/memory-events.js";
import { createSqliteEventStore } from "../src/store/sqlite-events.js";
import { progressOf } from "../src/store/progress.js";
import type { EventStore } from "../src/store/types.js";

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

  append(...bodies: RunEventBody[]): RunEvent[] {
    const events = this.build(...bodies);
    for (const e of events) applyEvent(this.state, e);
    this.store.append(this.runId, events, progressOf(this.state));
    return events;
  }

  start(input: string, extra: { flowId?: string; flowVersion?: number; name?: string } = {}): RunEvent[] {
    const flow = extra.name ? { ...FLOW, name: extra.name } : FLOW;
    return this.append(
      { type: "run.started", runId: this.runId, flow, input, options: {}, ...(extra.flowId ? { flowId: extra.flowId, flowVersion: extra.flowVersion ?? 1 } : {}) },
      { type: "node.started", nodeId: "user", visit: 1, attempt: 1 },
      { type: "message", nodeId: "user", role: "user", name: "user", content: input },
      { type: "route.taken", from: "user", to: "writer", edgeId: "e1", reason: "always" },
    );
  }

  /** The writer speaks, then the reviewer is asked. */
  draft(content: string, requestId = "req-1"): RunEvent[] {
    return this.append(
      { type: "node.started", nodeId: "writer", visit: 1, attempt: 1 },
      { type: "message.delta", nodeId: "writer", text: content },
      { type: "message", nodeId: "writer", role: "assistant", name: "writer", content },
      { type: "route.taken", from: "writer", to: "human_reviewer", edgeId: "e2", reason: "always" },
      { type: "node.started", nodeId: "human_reviewer", visit: 1, attempt: 1 },
      { type: "human.requested", nodeId: "human_reviewer", requestId, instructions: "Review.", outcomes: [], allowText: true, allowEdit: false },
    );
  }

  finish(status: "completed" | "failed" | "cancelled"): RunEvent[] {
    return this.append({ type: "run.finished", status, ...(status === "completed" ? { output: this.state.messages.at(-1)?.content ?? "" } : {}) });
  }
}

interface Backend {
  name: string;
  open(): EventStore;
  /** Closes and opens again: the same data for SQLite, a fresh store in memory. */
  durable: boolean;
}

let dir: string;
const opened: EventStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-store-"));
});
afterEach(() => {
  for (const s of opened.splice(0)) {
    try {
      s.close();
    } catch {
      // already closed by the test
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const backends: Backend[] = [
  {
    name: "sqlite",
    durable: true,
    open() {
      const s = createSqliteEventStore(openDb(dir));
      opened.push(s);
      return s;
    },
  },
  { name: "memory", durable: false, open: () => createMemoryEventStore() },
];

describe.each(backends)("$name event store", (backend) => {
  it("appends events and reads them back in order, from any seq", () => {
    const store = backend.open();
    const w = new RunWriter(store, "run-a");
    const written = [...w.start("Write about tea"), ...w.draft("Tea is old.")];

    expect(store.events("run-a")).toEqual(written);
    expect(store.events("run-a", 0)).toEqual(written);
    expect(store.events("run-a", 4).map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(store.events("run-a", 4)[0]).toEqual(written[4]);
    expect(store.events("run-a", written.length)).toEqual([]);
    expect(store.events("nope")).toEqual([]);

    expect(store.run("run-a")).toMatchObject({
      id: "run-a",
      flowName: "Writer and human reviewer",
      input: "Write about tea",
      status: "waiting",
      waitingNode: "human_reviewer",
      steps: 2,
      lastSeq: 10,
      imported: false,
      startedAt: written[0]!.at,
      updatedAt: written.at(-1)!.at,
      finishedAt: null,
    });
    expect(store.run("nope")).toBeUndefined();

    const fin = w.finish("completed");
    expect(store.run("run-a")).toMatchObject({ status: "completed", waitingNode: null, finishedAt: fin[0]!.at, lastSeq: 11 });
  });

  it("lists runs newest first, filtered by flow, status and text in a message", () => {
    const store = backend.open();
    const a = new RunWriter(store, "run-a");
    a.start("Write about tea", { flowId: "flow-1" });
    a.draft("Tea began in China.");
    a.finish("completed");
    const b = new RunWriter(store, "run-b");
    b.start("Write about coffee", { flowId: "flow-2" });
    b.draft("Coffee began in Ethiopia; a 100% arabica story.");
    b.append({ type: "human.responded", nodeId: "human_reviewer", requestId: "req-1", by: "alice", text: "Add a line on Kenya." });
    const c = new RunWriter(store, "run-c");
    c.start("Write about water", { flowId: "flow-1", name: "Another flow" });
    c.finish("cancelled");

    const ids = (f: Parameters<EventStore["listRuns"]>[0]) => store.listRuns(f).runs.map((r) => r.id);
    expect(store.listRuns()).toMatchObject({ total: 3 });
    expect(ids({})).toEqual(["run-c", "run-b", "run-a"]);
    expect(ids({ flowId: "flow-1" })).toEqual(["run-c", "run-a"]);
    expect(ids({ status: "completed" })).toEqual(["run-a"]);
    expect(ids({ status: "running" })).toEqual(["run-b"]);
    expect(ids({ flowId: "flow-1", status: "cancelled" })).toEqual(["run-c"]);
    // Text found in a message (not only in the input).
    expect(ids({ text: "Ethiopia" })).toEqual(["run-b"]);
    expect(ids({ text: "China" })).toEqual(["run-a"]);
    expect(ids({ text: "water" })).toEqual(["run-c"]);
    // A person's answer is part of the conversation too.
    expect(ids({ text: "Kenya" })).toEqual(["run-b"]);
    expect(ids({ text: "Write about" })).toEqual(["run-c", "run-b", "run-a"]);
    expect(ids({ text: "nothing like this" })).toEqual([]);
    // Only what was said counts, not the event's field names or other values.
    expect(ids({ text: "assistant" })).toEqual([]);
    expect(ids({ text: "nodeId" })).toEqual([]);
    expect(ids({ text: "human_reviewer" })).toEqual([]);
    // Case does not matter.
    expect(ids({ text: "ethiopia" })).toEqual(["run-b"]);
    // LIKE wildcards in the text are taken literally.
    expect(ids({ text: "100%" })).toEqual(["run-b"]);
    expect(ids({ text: "%" })).toEqual(["run-b"]);
    expect(ids({ text: "_" })).toEqual([]);
    // Paging.
    expect(store.listRuns({ limit: 2 })).toMatchObject({ total: 3, runs: [{ id: "run-c" }, { id: "run-b" }] });
    expect(store.listRuns({ limit: 2, offset: 2 }).runs.map((r) => r.id)).toEqual(["run-a"]);
    expect(store.listRuns({ flowId: "flow-1", limit: 1 })).toMatchObject({ total: 2 });
  });

  it("refuses an append whose seq is taken, leaving the log and the run unchanged", () => {
    const store = backend.open();
    const w = new RunWriter(store, "run-a");
    w.start("Write about tea");
    const before = store.events("run-a");
    const rowBefore = store.run("run-a");

    // A second writer that has not seen the last event: its batch starts at a taken seq.
    const stale = before.slice(-1).map((e) => ({ ...e, at: e.at + 1000 }));
    const next = w.build({ type: "node.started", nodeId: "writer", visit: 1, attempt: 1 });
    const summary = { ...progressOf(w.state), status: "failed" as const, lastSeq: 5 };
    expect(() => store.append("run-a", [...stale, ...next], summary)).toThrow();

    expect(store.events("run-a")).toEqual(before);
    expect(store.run("run-a")).toEqual(rowBefore);
    // A run id is created once.
    expect(() => new RunWriter(store, "run-a").start("again")).toThrow();
    expect(store.events("run-a")).toEqual(before);
    // The real next event still goes in.
    w.append({ type: "node.started", nodeId: "writer", visit: 1, attempt: 1 });
    expect(store.events("run-a").map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("names the unfinished runs, not finished or imported ones", () => {
    const store = backend.open();
    const running = new RunWriter(store, "run-running");
    running.start("a");
    const waiting = new RunWriter(store, "run-waiting");
    waiting.start("b");
    waiting.draft("draft");
    for (const status of ["completed", "failed", "cancelled"] as const) {
      const w = new RunWriter(store, `run-${status}`);
      w.start(status);
      w.finish(status);
    }
    const imported = fold([]);
    const events = new RunWriter(createMemoryEventStore(), "run-imported").start("imported");
    for (const e of events) applyEvent(imported, e);
    store.append("run-imported", events, progressOf(imported), { imported: true });

    expect(new Set(store.unfinishedRuns())).toEqual(new Set(["run-running", "run-waiting"]));
    expect(store.run("run-imported")).toMatchObject({ imported: true, status: "running" });
    waiting.finish("completed");
    expect(store.unfinishedRuns()).toEqual(["run-running"]);
  });

  it("lists a run marked damaged with the reason, and deletes a run with its events", () => {
    const store = backend.open();
    new RunWriter(store, "run-a").start("a");
    new RunWriter(store, "run-b").start("b");
    expect(store.run("run-a")?.damaged).toBeNull();
    store.markDamaged("run-a", "unknown event node.teleported");
    expect(store.run("run-a")?.damaged).toBe("unknown event node.teleported");
    expect(store.listRuns().runs.map((r) => [r.id, r.damaged])).toEqual([
      ["run-b", null],
      ["run-a", "unknown event node.teleported"],
    ]);

    expect(store.deleteRun("run-a")).toBe(true);
    expect(store.run("run-a")).toBeUndefined();
    expect(store.events("run-a")).toEqual([]);
    expect(store.listRuns()).toMatchObject({ total: 1, runs: [{ id: "run-b" }] });
    expect(store.deleteRun("run-a")).toBe(false);
    // The id can be used again, and starts sound.
    new RunWriter(store, "run-a").start("again");
    expect(store.run("run-a")?.damaged).toBeNull();
  });
});

describe("sqlite event store on disk", () => {
  it("reopening the database file reads the same runs and events", () => {
    const first = createSqliteEventStore(openDb(dir));
    const w = new RunWriter(first, "run-a");
    w.start("Write about tea", { flowId: "flow-1" });
    w.draft("Tea is old.");
    const events = first.events("run-a");
    const row = first.run("run-a");
    const list = first.listRuns({ text: "Tea is old" });
    first.close();

    const again = createSqliteEventStore(openDb(dir));
    opened.push(again);
    expect(again.events("run-a")).toEqual(events);
    expect(again.events("run-a", 7)).toEqual(events.slice(7));
    expect(again.run("run-a")).toEqual(row);
    expect(again.listRuns({ text: "Tea is old" })).toEqual(list);
    expect(again.unfinishedRuns()).toEqual(["run-a"]);
    // And it goes on where it stopped.
    const more = new RunWriter(again, "run-a");
    for (const e of events) applyEvent(more.state, e);
    more.finish("completed");
    expect(again.run("run-a")).toMatchObject({ status: "completed", lastSeq: events.length + 1 });
  });

  it("keeps the database in $dir/tandem.db in WAL mode", () => {
    const db = openDb(dir);
    try {
      expect(db.name).toBe(join(dir, "tandem.db"));
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      db.close();
    }
  });

  it("a second connection sees appends as soon as they are committed", () => {
    const writer = createSqliteEventStore(openDb(dir));
    const reader = createSqliteEventStore(openDb(dir));
    opened.push(writer, reader);
    const w = new RunWriter(writer, "run-a");
    w.start("Write about tea");
    expect(reader.events("run-a")).toHaveLength(4);
    w.draft("Tea is old.");
    expect(reader.run("run-a")).toMatchObject({ status: "waiting", lastSeq: 10 });
  });
});
