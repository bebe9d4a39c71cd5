// Judged routing in the engine, offline (the scripted model, so the built-in classifier reads):
// free text is read, a person can correct the reading within its window or must confirm it,
// an unsure reading is never routed on, agents' replies are read too, and a run rebuilt from
// its SQLite file in any of these states goes on from there without reading a reply twice.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fold, type EventOf, type RunEvent, type RunEventType } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { AnswerError } from "../src/engine/errors.js";
import { Engine } from "../src/engine/engine.js";
import type { Run } from "../src/engine/run.js";
import { createRegistry } from "../src/providers/registry.js";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { openSql } from "../src/store/open.js";
import type { Sql } from "../src/store/sql/types.js";
import { progressOf } from "../src/store/progress.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { waitEvent as waitRunEvent } from "./helpers/run-events.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SEED_TEXT = readFileSync(join(ROOT, "examples/hitl-review.flow.json"), "utf8");
const SENTENCE = "I don't approve this, make it shorter";

/** The seed example with these settings on its reviewer. */
function seed(reviewer: Record<string, unknown> = {}) {
  const flow = JSON.parse(SEED_TEXT);
  const node = flow.nodes.find((n: { id: string }) => n.id === "human_reviewer");
  Object.assign(node.data, reviewer);
  return checkFlowDocument(flow);
}

let dir: string;
let store: EventStore;
let engine: Engine;
const opened: Sql[] = [];

async function openEngine(): Promise<Engine> {
  const { sql } = await openSql(dir);
  opened.push(sql);
  store = createSqlEventStore(sql);
  return new Engine({ store, registry: createRegistry({ env: {} }) });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tandem-judge-"));
  engine = await openEngine();
});

afterEach(async () => {
  await engine.shutdown();
  for (const sql of opened.splice(0)) await sql.close();
  rmSync(dir, { recursive: true, force: true });
});

const waitEvent = <T extends RunEventType>(run: Run, type: T, pred?: (e: EventOf<T>) => boolean) => waitRunEvent(engine, run, type, pred);
const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);
const routes = (events: RunEvent[]) => ofType(events, "route.taken").map((e) => `${e.from}->${e.to}`);
const readingRequest = (run: Run) => waitEvent(run, "human.requested", (e) => e.reading !== undefined);

/** Starts the seed and answers the reviewer's first question with `text`. */
async function answered(flow: ReturnType<typeof seed>, text: string): Promise<Run> {
  const run = await engine.start(flow, "Write about tea.");
  const asked = await waitEvent(run, "human.requested");
  await run.answer(asked.requestId, { text }, "alice");
  return run;
}

describe("a reviewer's free text is read", () => {
  it("the issue's sentence is read as revise and loops back to the writer", async () => {
    const run = await answered(seed({ readingWindowSeconds: 0 }), SENTENCE);
    const read = await waitEvent(run, "reply.read");
    expect(read).toMatchObject({ nodeId: "human_reviewer", text: SENTENCE, outcome: "revise", judge: "offline", confidence: 1 });
    expect(read.reason).toMatch(/shorter/);
    let seen = 0;
    await waitEvent(run, "human.requested", () => ++seen === 2);
    const events = await engine.events(run.id);
    expect(routes(events)).toEqual(["user->writer", "writer->human_reviewer", "human_reviewer->writer", "writer->human_reviewer"]);
    // Window 0: nobody was asked about the reading.
    expect(ofType(events, "human.requested").filter((e) => e.reading)).toHaveLength(0);
    expect(run.state.messages.find((m) => m.content === SENTENCE)?.reading).toMatchObject({ outcome: "revise", judge: "offline" });
  });

  it("a confident reading is taken when its window passes with no correction", async () => {
    const run = await answered(seed({ readingWindowSeconds: 0.05 }), "LGTM");
    const asked = await readingRequest(run);
    expect(asked).toMatchObject({ allowText: false, allowEdit: false, defaultOutcome: "approve", reading: { outcome: "approve" } });
    expect(asked.deadline).toBe(asked.at + 50);
    // Until then the run waits on the reading: nothing has been routed out of the reviewer.
    expect(routes(await engine.events(run.id))).not.toContain("human_reviewer->end");
    const taken = await waitEvent(run, "human.timed_out");
    expect(taken).toMatchObject({ requestId: asked.requestId, outcome: "approve" });
    const state = await run.done;
    expect(state.status).toBe("completed");
    expect(routes(await engine.events(run.id)).at(-1)).toBe("human_reviewer->end");
    expect(state.messages.find((m) => m.content === "LGTM")?.reading?.settled).toEqual({ outcome: "approve", by: "timeout" });
    // Its replay takes the reading when the recording did: at the deadline, not by an answer.
    const recorded = await engine.events(run.id);
    expect(comparable(await replayRun(recorded))).toEqual(comparable(recorded));
  });

  it("a correction before the window ends changes the route and is recorded with who made it", async () => {
    const run = await answered(seed({ readingWindowSeconds: 3600 }), "Make it shorter");
    const asked = await readingRequest(run);
    expect(asked.reading).toMatchObject({ outcome: "revise" });
    await run.answer(asked.requestId, { outcome: "approve" }, "bob");
    const state = await run.done;
    const events = await engine.events(run.id);
    expect(routes(events).at(-1)).toBe("human_reviewer->end");
    expect(ofType(events, "reply.read")).toMatchObject([{ outcome: "revise" }]);
    expect(ofType(events, "human.responded").at(-1)).toMatchObject({ requestId: asked.requestId, outcome: "approve", by: "bob" });
    const message = state.messages.find((m) => m.content === "Make it shorter")!;
    expect(message.reading).toMatchObject({ outcome: "revise", judge: "offline", settled: { outcome: "approve", by: "bob" } });
    // Settling a reading adds nothing to the transcript.
    expect(state.messages.filter((m) => m.nodeId === "human_reviewer")).toHaveLength(1);
  });

  it("with confirmReadings the run waits, with no deadline, until a person confirms", async () => {
    const run = await answered(seed({ confirmReadings: true }), "Make it shorter");
    const asked = await readingRequest(run);
    expect(asked.deadline).toBeUndefined();
    expect(asked.defaultOutcome).toBe("revise");
    expect(run.state).toMatchObject({ status: "waiting", pending: { requestId: asked.requestId } });
    await run.answer(asked.requestId, { outcome: "revise" }, "alice");
    const route = await waitEvent(run, "route.taken", (e) => e.from === "human_reviewer");
    expect(route.to).toBe("writer");
    expect(run.state.messages.find((m) => m.content === "Make it shorter")?.reading?.settled).toEqual({ outcome: "revise", by: "alice" });
  });

  it("an unsure reading asks a person to pick, and is never routed on a guess", async () => {
    const run = await answered(seed({ readingWindowSeconds: 0 }), "hmm, maybe");
    const read = await waitEvent(run, "reply.read");
    expect(read.outcome).toBeNull();
    const asked = await readingRequest(run);
    expect(asked).toMatchObject({ reading: { outcome: null, reason: read.reason }, allowText: false, allowEdit: false });
    expect(asked.deadline).toBeUndefined();
    expect(asked.defaultOutcome).toBeUndefined();
    expect(asked.instructions).toMatch(/^Not sure how to read this reply/);
    expect(routes(await engine.events(run.id))).toEqual(["user->writer", "writer->human_reviewer"]);
    // Text is no answer to it: an outcome must be picked.
    await expect(run.answer(asked.requestId, { text: "approve" })).rejects.toThrow(AnswerError);
    await run.answer(asked.requestId, { outcome: "approve" }, "carol");
    expect((await run.done).status).toBe("completed");
    expect(routes(await engine.events(run.id)).at(-1)).toBe("human_reviewer->end");
  });

  it("an outcome picked with the answer is the outcome: nothing is read", async () => {
    const run = await engine.start(seed(), "Write about tea.");
    const asked = await waitEvent(run, "human.requested");
    await run.answer(asked.requestId, { outcome: "approve", text: "not great, but fine" }, "alice");
    await run.done;
    expect(ofType(await engine.events(run.id), "reply.read")).toHaveLength(0);
    expect(routes(await engine.events(run.id)).at(-1)).toBe("human_reviewer->end");
  });
});

describe("an agent whose edges route on outcomes", () => {
  const qaFlow = (script: string) =>
    checkFlowDocument({
      schemaVersion: 2,
      name: "QA",
      nodes: [
        { id: "start", type: "start" },
        { id: "qa", type: "agent", data: { name: "qa", model: "scripted/demo", script: [script], outcomes: [{ name: "pass", description: "the draft is correct" }, { name: "fail", description: "the draft has errors" }] } },
        { id: "fixer", type: "agent", data: { name: "fixer", model: "scripted/demo" } },
        { id: "end", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "qa" },
        { id: "e2", source: "qa", target: "end", data: { when: { kind: "outcome", value: "pass" } } },
        { id: "e3", source: "qa", target: "fixer", data: { when: { kind: "outcome", value: "fail" } } },
        { id: "e4", source: "fixer", target: "end" },
      ],
    });

  it("its reply is read after its message and routed on at once when the reading is confident", async () => {
    const run = await engine.start(qaFlow("This is wrong: the second paragraph has errors."), "Check this.");
    const state = await run.done;
    const events = await engine.events(run.id);
    expect(ofType(events, "reply.read")).toMatchObject([{ nodeId: "qa", outcome: "fail", judge: "offline" }]);
    expect(events.findIndex((e) => e.type === "reply.read")).toBeGreaterThan(events.findIndex((e) => e.type === "message" && e.nodeId === "qa"));
    expect(ofType(events, "human.requested")).toHaveLength(0);
    expect(routes(events)).toEqual(["start->qa", "qa->fixer", "fixer->end"]);
    expect(state.status).toBe("completed");
  });

  it("an unsure reading of its reply asks a person on the agent's node", async () => {
    const run = await engine.start(qaFlow("hmm, maybe"), "Check this.");
    const asked = await readingRequest(run);
    expect(asked).toMatchObject({ nodeId: "qa", reading: { outcome: null } });
    expect(asked.deadline).toBeUndefined();
    await run.answer(asked.requestId, { outcome: "pass" }, "dana");
    await run.done;
    expect(routes(await engine.events(run.id))).toEqual(["start->qa", "qa->end"]);
  });
});

describe("restart in each state of a reading", () => {
  // A reviewer's "Make it shorter" read as revise, then corrected to approve by bob: the run ends.
  const flow = () => seed({ readingWindowSeconds: 3600 });
  const cuts: Array<{ state: string; after: (e: RunEvent) => boolean; asked: boolean }> = [
    { state: "answered, not yet read", after: (e) => e.type === "human.responded" && !e.outcome, asked: false },
    { state: "read, not yet asked about", after: (e) => e.type === "reply.read", asked: false },
    { state: "asked about the reading", after: (e) => e.type === "human.requested" && e.reading !== undefined, asked: true },
    { state: "corrected, not yet routed", after: (e) => e.type === "human.responded" && e.outcome === "approve", asked: true },
  ];

  for (const cut of cuts) {
    it(`${cut.state}: a new engine over the same file goes on, reading the reply once`, async () => {
      const first = await answered(flow(), "Make it shorter");
      const asked = await readingRequest(first);
      await first.answer(asked.requestId, { outcome: "approve" }, "bob");
      await first.done;
      const full = await engine.events(first.id);
      // The log as a process killed at that point left it, under a run id of its own.
      const prefix = full.slice(0, full.findIndex(cut.after) + 1).map((e) => (e.type === "run.started" ? { ...e, runId: "cut" } : e));
      await store.append("cut", prefix, progressOf(fold(prefix)));
      await engine.shutdown();

      engine = await openEngine();
      const run = await engine.resume("cut");
      if (cut.state !== "corrected, not yet routed") {
        const request = await readingRequest(run);
        if (cut.asked) expect(request.requestId).toBe(asked.requestId);
        await run.answer(request.requestId, { outcome: "approve" }, "bob");
      }
      const state = await run.done;
      const events = await engine.events("cut");
      expect(events.slice(0, prefix.length)).toEqual(prefix);
      expect(state.status).toBe("completed");
      expect(ofType(events, "reply.read")).toHaveLength(1);
      expect(ofType(events, "human.requested").filter((e) => e.reading)).toHaveLength(1);
      expect(routes(events).at(-1)).toBe("human_reviewer->end");
      expect(state.messages.find((m) => m.content === "Make it shorter")?.reading?.settled).toEqual({ outcome: "approve", by: "bob" });
    });
  }
});
