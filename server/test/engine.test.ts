// The engine, end to end in process: the offline scripted provider, a real SQLite file per test.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fold, type EventOf, type RunEvent, type RunEventType } from "@tandem/shared";
import { Engine } from "../src/engine/engine.js";
import { AnswerError, ControlError } from "../src/engine/errors.js";
import type { Run } from "../src/engine/run.js";
import { createRegistry } from "../src/providers/registry.js";
import type { ModelProvider } from "../src/providers/types.js";
import { openSql } from "../src/store/open.js";
import type { Sql } from "../src/store/sql/types.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { answerError } from "./helpers/answer-error.js";
import { waitEvent as waitRunEvent } from "./helpers/run-events.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SEED = JSON.parse(readFileSync(join(ROOT, "examples/hitl-review.flow.json"), "utf8"));
// Here a reading of the reviewer's free text is taken at once; its window is engine-judge's.
for (const n of SEED.nodes) if (n.type === "human") n.data.readingWindowSeconds = 0;

// ---- flows -------------------------------------------------------------------------------

type Json = Record<string, unknown>;
let edgeNo = 0;
const start = { id: "start", type: "start", data: { name: "user" } };
const end = { id: "end", type: "end", data: { name: "end" } };
const agent = (id: string, data: Json = {}) => ({ id, type: "agent", data: { name: id, model: "scripted/demo", ...data } });
const human = (id: string, data: Json = {}) => ({ id, type: "human", data: { name: id, instructions: `${id}, please review.`, ...data } });
const edge = (source: string, target: string, when?: Json) => ({ id: `e${++edgeNo}`, source, target, data: when ? { when } : {} });
const flow = (nodes: Json[], edges: Json[], extra: Json = {}) => ({ schemaVersion: 2, name: "Test flow", maxSteps: 100, nodes, edges, ...extra });

/** start → writer → reviewer (outcomes approve / revise, no free text) → end | writer */
const outcomeFlow = (reviewer: Json = {}) =>
  flow(
    [start, agent("writer"), human("reviewer", { outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }], allowText: false, ...reviewer }), end],
    [
      edge("start", "writer"),
      edge("writer", "reviewer"),
      edge("reviewer", "end", { kind: "outcome", value: "approve" }),
      edge("reviewer", "writer", { kind: "outcome", value: "revise" }),
    ],
  );

// ---- harness -----------------------------------------------------------------------------

let dir: string;
let store: EventStore;
let engine: Engine;
const extraSqls: Sql[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tandem-engine-"));
  store = createSqlEventStore((await openSql(dir)).sql);
  engine = new Engine({ store, registry: createRegistry({ env: {} }) });
});

afterEach(async () => {
  await engine.shutdown();
  await store.close();
  for (const s of extraSqls.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const waitEvent = <T extends RunEventType>(run: Run, type: T, pred?: (e: EventOf<T>) => boolean) => waitRunEvent(engine, run, type, pred);

/** The nth (1-based) human request of the run. */
const request = (run: Run, n = 1) => {
  let seen = 0;
  return waitEvent(run, "human.requested", () => ++seen === n);
};

const stored = (runId: string) => store.events(runId);
const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);


// ---- tests -------------------------------------------------------------------------------

describe("the seed flow (writer + human reviewer)", () => {
  it("approve: the writer drafts once, the person approves, the run completes with the draft as output", async () => {
    const run = await engine.start(checkFlowDocument(SEED), "Write a summary of the history of tea.");
    const asked = await request(run);
    expect(asked.nodeId).toBe("human_reviewer");
    expect(run.state.status).toBe("waiting");
    expect(await store.run(run.id)).toMatchObject({ status: "waiting", waitingNode: "human_reviewer" });

    await run.answer(asked.requestId, { text: "Looks good, approve." }, "alice");
    const state = await run.done;

    expect(state.status).toBe("completed");
    const drafts = state.messages.filter((m) => m.nodeId === "writer");
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.content).toContain('writer (draft 1): here is my answer to "Write a summary of the history of tea."');
    expect(state.output).toBe(drafts[0]!.content);

    const events = await stored(run.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(ofType(events, "route.taken").map((e) => `${e.from}->${e.to}`)).toEqual([
      "user->writer",
      "writer->human_reviewer",
      "human_reviewer->end",
    ]);
    expect(ofType(events, "human.responded")).toMatchObject([{ requestId: asked.requestId, by: "alice", text: "Looks good, approve." }]);
    expect(events.at(-1)).toMatchObject({ type: "run.finished", status: "completed", output: drafts[0]!.content });
    expect(await store.run(run.id)).toMatchObject({ status: "completed", waitingNode: null, steps: 2 });
    // The stored log alone rebuilds the same state.
    expect(fold(events)).toMatchObject({ status: "completed", output: state.output, steps: 2 });
  });

  it("revise then approve: the writer's second draft sees the reviewer's feedback", async () => {
    const run = await engine.start(checkFlowDocument(SEED), "Write a summary of the history of tea.");
    const first = await request(run, 1);
    await run.answer(first.requestId, { text: "Make it shorter and mention Japan." }, "alice");

    const second = await request(run, 2);
    expect(second.requestId).not.toBe(first.requestId);
    const drafts = run.state.messages.filter((m) => m.nodeId === "writer");
    expect(drafts).toHaveLength(2);
    expect(drafts[1]!.content).toContain("writer (draft 2)");
    expect(drafts[1]!.content).toContain('revised as human_reviewer asked — "Make it shorter and mention Japan."');

    // The second model call was sent the whole transcript, feedback last.
    const requests = ofType(await stored(run.id), "llm.request");
    expect(requests.map((r) => r.messageCount)).toEqual([1, 3]);

    await run.answer(second.requestId, { text: "approve" }, "alice");
    const state = await run.done;
    expect(state.status).toBe("completed");
    expect(state.output).toBe(drafts[1]!.content);
    expect(state.nodes.writer!.visits).toBe(2);
    expect(state.nodes.human_reviewer!.visits).toBe(2);
  });
});

describe("answers", () => {
  it("answering twice: the second answer is refused as already_answered, naming who answered", async () => {
    const run = await engine.start(checkFlowDocument(SEED), "Write about tea.");
    const asked = await request(run);
    await run.answer(asked.requestId, { text: "approve" }, "alice");

    const again = await answerError(() => run.answer(asked.requestId, { text: "approve" }, "bob"));
    expect(again.code).toBe("already_answered");
    expect(again.message).toBe("this request was already answered by alice");

    await run.done;
    const late = await answerError(() => run.answer(asked.requestId, { text: "revise" }, "bob"));
    expect(late.code).toBe("already_answered");
    expect(ofType(await stored(run.id), "human.responded")).toHaveLength(1);
  });

  it("an unknown request id is refused as unknown_request and the run keeps waiting", async () => {
    const run = await engine.start(checkFlowDocument(SEED), "Write about tea.");
    const asked = await request(run);
    const err = await answerError(() => run.answer("no-such-request", { text: "approve" }));
    expect(err.code).toBe("unknown_request");
    expect(err.message).toContain('"no-such-request"');
    expect(run.state.pending?.requestId).toBe(asked.requestId);
    expect(ofType(await stored(run.id), "human.responded")).toHaveLength(0);
  });

  it("an outcome that is not offered is refused as invalid_answer, listing the outcomes", async () => {
    const run = await engine.start(checkFlowDocument(outcomeFlow()), "Write about tea.");
    const asked = await request(run);
    expect(asked.outcomes.map((o) => o.name)).toEqual(["approve", "revise"]);

    const err = await answerError(() => run.answer(asked.requestId, { outcome: "maybe" }));
    expect(err.code).toBe("invalid_answer");
    expect(err.path).toBe("outcome");
    expect(err.message).toBe('outcome "maybe" is not one of this step\'s outcomes ("approve", "revise")');
    // Free text is not taken by this step either.
    expect((await answerError(() => run.answer(asked.requestId, { text: "hmm" }))).code).toBe("invalid_answer");
    expect(run.state.pending?.requestId).toBe(asked.requestId);

    await run.answer(asked.requestId, { outcome: "approve" });
    expect((await run.done).status).toBe("completed");
  });

  it("an outcome is taken whatever its case, and recorded as the node spells it", async () => {
    const run = await engine.start(checkFlowDocument(outcomeFlow()), "Write about tea.");
    const asked = await request(run);
    const event = await run.answer(asked.requestId, { outcome: "APPROVE" });
    expect(event).toMatchObject({ type: "human.responded", outcome: "approve" });
    expect(ofType(await stored(run.id), "human.responded")[0]).toMatchObject({ outcome: "approve" });
    expect((await run.done).status).toBe("completed");
  });

  it("50 answers to one request at once: exactly one is accepted", async () => {
    const run = await engine.start(checkFlowDocument(outcomeFlow()), "Write about tea.");
    const asked = await request(run);
    const replies = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => run.answer(asked.requestId, { outcome: i % 2 ? "approve" : "revise" }, `person-${i}`)),
    );
    const accepted = replies.filter((r) => r.status === "fulfilled").length;
    const refused = replies.flatMap((r) => (r.status === "rejected" ? [(r.reason as AnswerError).code] : []));
    expect(accepted).toBe(1);
    expect(refused).toHaveLength(49);
    expect(new Set(refused)).toEqual(new Set(["already_answered"]));

    // The first (person-0, "revise") won: the writer drafts again.
    await request(run, 2);
    const responses = ofType(await stored(run.id), "human.responded");
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ by: "person-0", outcome: "revise" });
  });
});

describe("bounds and routing", () => {
  it("maxSteps: a loop that never ends fails the run with max_steps", async () => {
    const doc = flow(
      [start, agent("drafter"), agent("checker", { script: ["not yet"] }), end],
      [edge("start", "drafter"), edge("drafter", "checker"), edge("checker", "end", { kind: "contains", value: "DONE" }), edge("checker", "drafter", { kind: "otherwise" })],
      { maxSteps: 3 },
    );
    const state = await (await engine.start(checkFlowDocument(doc), "go")).done;
    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "max_steps", nodeId: "checker" });
    expect(state.error!.message).toBe('the run reached maxSteps (3) before "checker"');
    expect(state.steps).toBe(3);
    expect(await store.run(state.runId)).toMatchObject({ status: "failed", steps: 3 });
  });

  it("maxVisits: an edge into a node out of visits is passed over for a later edge (fallback to a person)", async () => {
    const doc = flow(
      [start, agent("writer", { maxVisits: 2 }), agent("critic", { script: ["please revise"] }), human("editor"), end],
      [
        edge("start", "writer"),
        edge("writer", "critic"),
        edge("critic", "writer", { kind: "contains", value: "revise" }),
        edge("critic", "editor", { kind: "otherwise" }),
        edge("editor", "end"),
      ],
    );
    const run = await engine.start(checkFlowDocument(doc), "Write about tea.");
    const asked = await request(run);
    expect(asked.nodeId).toBe("editor");
    expect(run.state.nodes.writer!.visits).toBe(2);
    expect(run.state.nodes.critic!.visits).toBe(2);
    const routes = ofType(await stored(run.id), "route.taken").map((e) => `${e.from}->${e.to}`);
    expect(routes).toEqual(["start->writer", "writer->critic", "critic->writer", "writer->critic", "critic->editor"]);

    await run.answer(asked.requestId, { text: "fine" });
    expect((await run.done).status).toBe("completed");
  });

  it("no matching edge fails the run with no_route and a message naming the node", async () => {
    const doc = flow(
      [start, agent("drafter", { name: "Drafter Bot", script: ["hello there"] }), end],
      [edge("start", "drafter"), edge("drafter", "end", { kind: "contains", value: "DONE" })],
    );
    const state = await (await engine.start(checkFlowDocument(doc), "go")).done;
    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "no_route", nodeId: "drafter" });
    expect(state.error!.message).toContain('no edge out of "Drafter Bot" matches');
    expect(state.error!.message).toContain('"hello there"');
    expect((await stored(state.runId)).at(-1)).toMatchObject({ type: "run.finished", status: "failed", error: { code: "no_route" } });
  });
});

describe("step mode, breakpoints, pause and cancel", () => {
  it("step mode pauses before each agent and human node; step and continue go on", async () => {
    const run = await engine.start(checkFlowDocument(SEED), "Write about tea.", { options: { stepMode: true } });
    const p1 = await waitEvent(run, "run.paused");
    expect(p1).toMatchObject({ nodeId: "writer", reason: "step" });
    expect(run.state.status).toBe("paused");
    expect((await store.run(run.id))!.status).toBe("paused");
    expect(ofType(await stored(run.id), "node.started").map((e) => e.nodeId)).toEqual(["user"]);

    run.control("step");
    const p2 = await waitEvent(run, "run.paused", (e) => e.nodeId === "human_reviewer");
    expect(p2.reason).toBe("step");
    // The writer ran (once) between the two pauses.
    expect(run.state.messages.map((m) => m.nodeId)).toEqual(["user", "writer"]);

    run.control("continue");
    const asked = await request(run);
    await run.answer(asked.requestId, { text: "approve" });
    const state = await run.done;
    expect(state.status).toBe("completed");

    const kinds = (await stored(run.id)).flatMap((e) =>
      e.type === "node.started" ? [`start:${e.nodeId}`] : e.type === "run.paused" ? [`paused:${e.nodeId}`] : e.type === "run.resumed" ? [`resumed:${e.mode}`] : [],
    );
    expect(kinds).toEqual([
      "start:user",
      "paused:writer",
      "resumed:step",
      "start:writer",
      "paused:human_reviewer",
      "resumed:continue",
      "start:human_reviewer",
      "start:end",
    ]);
  });

  it("a breakpoint pauses before its node on every visit, and only there", async () => {
    const run = await engine.start(checkFlowDocument(SEED), "Write about tea.", { options: { breakpoints: ["human_reviewer"] } });
    const p1 = await waitEvent(run, "run.paused");
    expect(p1).toMatchObject({ nodeId: "human_reviewer", reason: "breakpoint" });
    expect(run.state.messages.map((m) => m.nodeId)).toEqual(["user", "writer"]);

    run.control("continue");
    const r1 = await request(run, 1);
    await run.answer(r1.requestId, { text: "Shorter, please." });

    let paused = 0;
    await waitEvent(run, "run.paused", () => ++paused === 2);
    expect(run.state.pausedBefore).toBe("human_reviewer");
    expect(run.state.nodes.writer!.visits).toBe(2);

    run.control("continue");
    const r2 = await request(run, 2);
    await run.answer(r2.requestId, { text: "approve" });
    expect((await run.done).status).toBe("completed");
    expect(ofType(await stored(run.id), "run.paused").map((e) => e.nodeId)).toEqual(["human_reviewer", "human_reviewer"]);
  });

  it("pause while running stops before the next agent or human node", async () => {
    const run = await engine.start(checkFlowDocument(SEED), "Write about tea.");
    run.control("pause");
    const p = await waitEvent(run, "run.paused");
    expect(p).toMatchObject({ nodeId: "writer", reason: "request" });
    run.control("continue");
    const asked = await request(run);
    await run.answer(asked.requestId, { text: "approve" });
    expect((await run.done).status).toBe("completed");
  });

  it("cancel while waiting for a person finishes the run as cancelled", async () => {
    const run = await engine.start(checkFlowDocument(SEED), "Write about tea.");
    const asked = await request(run);
    run.control("cancel");
    const state = await run.done;
    expect(state.status).toBe("cancelled");
    expect((await stored(run.id)).at(-1)).toMatchObject({ type: "run.finished", status: "cancelled" });
    expect(await store.run(run.id)).toMatchObject({ status: "cancelled", waitingNode: null });
    expect(await store.unfinishedRuns()).not.toContain(run.id);

    expect((await answerError(() => run.answer(asked.requestId, { text: "approve" }))).code).toBe("not_waiting");
    expect(() => run.control("continue")).toThrow(ControlError);
  });
});

describe("human timeout", () => {
  it("takes the default outcome when nobody answers in time, and refuses a late answer", async () => {
    const run = await engine.start(checkFlowDocument(outcomeFlow({ timeoutSeconds: 0.2, defaultOutcome: "approve" })), "Write about tea.");
    const asked = await request(run);
    expect(asked.defaultOutcome).toBe("approve");
    expect(asked.deadline! - asked.at).toBe(200);

    const timedOut = await waitEvent(run, "human.timed_out");
    // Measured on the run's own clock, so a loaded machine cannot make it flaky.
    expect(timedOut.at - asked.at).toBeGreaterThanOrEqual(190);
    expect(timedOut).toMatchObject({ requestId: asked.requestId, outcome: "approve" });

    const late = await answerError(() => run.answer(asked.requestId, { outcome: "revise" }, "slowpoke"));
    expect(late.code).toBe("already_answered");
    expect(late.message).toContain("timed out");

    const state = await run.done;
    expect(state.status).toBe("completed");
    expect(state.requests[asked.requestId]!.answeredBy).toBe("timeout");
    expect(ofType(await stored(run.id), "human.responded")).toHaveLength(0);
  });
});

describe("human timeout, on a clock that moves between readings", () => {
  it("the deadline is exactly the timeout after the request's own time", async () => {
    let t = 1_000_000;
    engine = new Engine({ store, registry: createRegistry({ env: {} }), now: () => t++ });
    const run = await engine.start(checkFlowDocument(outcomeFlow({ timeoutSeconds: 60, defaultOutcome: "approve" })), "Write about tea.");
    const asked = await request(run);
    expect(asked.deadline! - asked.at).toBe(60_000);
    await run.answer(asked.requestId, { outcome: "approve" });
    await run.done;
  });
});

describe("fork", () => {
  it("a fork's start is when it was made, not its parent's: in its state, the store's row and the list", async () => {
    let t = 1_000_000;
    engine = new Engine({ store, registry: createRegistry({ env: {} }), now: () => t++ });
    const parent = await engine.start(checkFlowDocument(outcomeFlow()), "Write about tea.");
    const asked = await request(parent);
    t += 3_600_000;
    // The waiting parent reads the clock too: the fork's moment is this, or a tick later.
    const forkedFrom = t;
    const child = await engine.fork(parent.id, { at: asked.seq, answer: { outcome: "approve" } });
    const state = await child.done;

    // The copied events keep their recorded times; the start names the fork's own moment.
    const [started] = await stored(child.id);
    expect(started).toMatchObject({ at: (await stored(parent.id))[0]!.at, parent: { runId: parent.id, seq: asked.seq } });
    const forkedAt = started?.type === "run.started" ? started.parent!.forkedAt! : NaN;
    expect(forkedAt - forkedFrom).toBeLessThan(10);
    expect(forkedAt).toBeGreaterThanOrEqual(forkedFrom);
    expect(state.startedAt).toBe(forkedAt);
    expect(state.updatedAt).toBeGreaterThanOrEqual(forkedAt);
    const row = (await store.run(child.id))!;
    expect(row.startedAt).toBe(forkedAt);
    expect(row.finishedAt! - row.startedAt).toBeLessThan(1_000);
    expect((await store.listRuns()).runs.map((r) => r.id)).toEqual([child.id, parent.id]);
    expect((await store.run(parent.id))!.startedAt).toBeLessThan(forkedAt - 3_000_000);
    parent.control("cancel");
    await parent.done;
  });
});

describe("a deadline weeks away", () => {
  // Node's timers overflow past ~24.8 days: one timer for the whole wait would fire at once,
  // warn and be armed again, over and over.
  it("is waited for by short timers: no overflow warning, no early timeout, and it fires when its time comes", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      let t = 1_000_000;
      let reads = 0;
      let onRead = () => {};
      const now = () => (reads++, onRead(), t);
      engine = new Engine({ store, registry: createRegistry({ env: {} }), now, maxTimerMs: 5 });
      const run = await engine.start(checkFlowDocument(outcomeFlow({ timeoutSeconds: 35 * 86_400, defaultOutcome: "approve" })), "Write about tea.");
      const asked = await request(run);

      // Each wake reads the clock to check the deadline again: let ten wakes pass.
      const from = reads;
      await new Promise<void>((woken) => (onRead = () => reads - from >= 20 && woken()));
      expect(ofType(await stored(run.id), "human.timed_out")).toEqual([]);
      expect(run.state.pending?.requestId).toBe(asked.requestId);

      t = asked.deadline!;
      const timedOut = await waitEvent(run, "human.timed_out");
      expect(timedOut).toMatchObject({ requestId: asked.requestId, outcome: "approve", at: asked.deadline });
      expect((await run.done).status).toBe("completed");
      expect(warnings.map((w) => w.name)).not.toContain("TimeoutOverflowWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });
});

describe("event log", () => {
  const words = Array.from({ length: 400 }, (_, i) => `word${i}`);
  const longReply = words.join(" ");
  const longFlow = () => flow([start, agent("talker", { script: [longReply] }), end], [edge("start", "talker"), edge("talker", "end")]);

  it("stores streamed text coalesced: far fewer delta rows than words, and the final message complete", async () => {
    engine = new Engine({ store, registry: createRegistry({ env: {}, scriptedDelayMs: 0 }) });
    const run = await engine.start(checkFlowDocument(longFlow()), "talk");
    const published: string[] = [];
    run.subscribe((e) => {
      if (e.type === "message.delta") published.push(e.text);
    });
    const state = await run.done;
    expect(state.status).toBe("completed");

    const events = await stored(run.id);
    const deltas = ofType(events, "message.delta");
    expect(deltas.length).toBeGreaterThanOrEqual(1);
    expect(deltas.length).toBeLessThan(words.length / 10);
    expect(deltas.map((d) => d.text).join("")).toBe(longReply);
    expect(published.join("")).toBe(longReply);
    expect(ofType(events, "message").find((m) => m.nodeId === "talker")!.content).toBe(longReply);
    expect(ofType(events, "llm.response")[0]!.usage!.completionTokens).toBe(words.length);
  });

  it("by default a streamed word is stored and published in the turn of the event loop it arrives in", async () => {
    const seen: string[] = [];
    const late: string[] = [];
    const turns = () => new Promise((r) => setImmediate(r)).then(() => new Promise((r) => setImmediate(r)));
    const oneWordPerTurn: ModelProvider = {
      id: "turns",
      async *stream() {
        for (const word of ["one ", "two ", "three"]) {
          yield { type: "delta", text: word };
          // No timer has run yet: a gathering window would still be holding the word.
          await turns();
          if (seen.at(-1) !== word) late.push(word);
        }
        yield { type: "done", content: "one two three" };
      },
    };
    engine = new Engine({ store, registry: createRegistry({ env: {}, providers: { turns: oneWordPerTurn } }) });
    const doc = flow([start, agent("talker", { model: "turns/x" }), end], [edge("start", "talker"), edge("talker", "end")]);
    const run = await engine.start(checkFlowDocument(doc), "talk");
    run.subscribe((e) => void (e.type === "message.delta" && seen.push(e.text)));
    await run.done;
    expect(late).toEqual([]);
    expect(ofType(await stored(run.id), "message.delta").map((d) => d.text)).toEqual(["one ", "two ", "three"]);
  });

  it("while text streams slowly, deltas are stored as it arrives, in batches", async () => {
    const reply = words.slice(0, 60).join(" ");
    const doc = flow([start, agent("talker", { script: [reply] }), end], [edge("start", "talker"), edge("talker", "end")]);
    engine = new Engine({ store, registry: createRegistry({ env: {}, scriptedDelayMs: 2 }), deltaFlushMs: 20 });
    const run = await engine.start(checkFlowDocument(doc), "talk");
    // Text is stored before the reply is finished: a delta row exists while no final message does.
    await waitEvent(run, "message.delta");
    expect(ofType(await stored(run.id), "message").filter((m) => m.nodeId === "talker")).toHaveLength(0);
    await run.done;
    const deltas = ofType(await stored(run.id), "message.delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.length).toBeLessThan(60 / 3);
    expect(deltas.map((d) => d.text).join("")).toBe(reply);
  });

  it("appends every event to the store before any listener sees it", async () => {
    const run = await engine.start(checkFlowDocument(SEED), "Write about tea.");
    const seen: number[] = [];
    const missing: number[] = [];
    const reads: Promise<void>[] = [];
    run.subscribe((e) => {
      seen.push(e.seq);
      // Read as the listener is told: the store has the event by then.
      reads.push(
        store.events(run.id, e.seq - 1).then(([inStore]) => {
          if (!inStore || inStore.seq !== e.seq || inStore.type !== e.type) missing.push(e.seq);
        }),
      );
    });
    const asked = await request(run);
    await run.answer(asked.requestId, { text: "approve" });
    await run.done;
    await Promise.all(reads);
    expect(seen.length).toBeGreaterThan(8);
    expect(missing).toEqual([]);
    // Every stored event after run.started was published, in order.
    expect(seen).toEqual((await stored(run.id)).slice(1).map((e) => e.seq));
  });
});

describe("a copy another process overtook", () => {
  it("lets go mid-stream when told of a later seq: it stops, writes nothing more, and its gathered text goes nowhere", async () => {
    const slow = new Engine({ store, registry: createRegistry({ env: {}, scriptedDelayMs: 2 }) });
    const long = Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ");
    const doc = flow([start, agent("writer", { script: [long] }), end], [edge("start", "writer"), edge("writer", "end")]);
    const run = await slow.start(checkFlowDocument(doc), "go");
    await waitRunEvent(slow, run, "message.delta");
    // Text keeps streaming in while the notice comes: what is gathered must not be written, nor throw.
    slow.noticed(run.id, run.state.lastSeq + 1);
    await run.done;
    expect(run.detached).toBe(true);
    expect(slow.get(run.id)).toBeUndefined();
    const log = await stored(run.id);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    // Stopped in the writer's turn: no reply and no end were written after the notice.
    expect(log.some((e) => e.type === "run.finished" || (e.type === "message" && e.role === "assistant"))).toBe(false);
    // A notice of what this copy itself stored does not let it go.
    const other = await slow.start(checkFlowDocument(doc), "go");
    await waitRunEvent(slow, other, "message.delta");
    slow.noticed(other.id, (await store.run(other.id))!.lastSeq);
    expect(slow.get(other.id)).toBe(other);
    await slow.shutdown();
  });
});

describe("restart", () => {
  it("a second engine on the same database asks the same request again, and answering finishes the run", async () => {
    const first = await engine.start(checkFlowDocument(SEED), "Write about tea.");
    const asked = await request(first);
    const before = await stored(first.id);
    // The first engine is now gone (as after kill -9): a new process opens the same file.
    const { sql: sql2 } = await openSql(dir);
    extraSqls.push(sql2);
    const store2 = createSqlEventStore(sql2);
    const engine2 = new Engine({ store: store2, registry: createRegistry({ env: {} }) });
    // The old engine is left as a killed process would be: never told anything again.
    const old = engine;
    engine = engine2;

    expect(await store2.unfinishedRuns()).toEqual([first.id]);
    const run = await engine2.resume(first.id);
    expect(run).not.toBe(first);
    expect(run.state.status).toBe("waiting");
    expect(run.state.pending).toMatchObject({ requestId: asked.requestId, nodeId: "human_reviewer" });
    expect(await engine2.resume(first.id)).toBe(run); // one live run per id

    await run.answer(asked.requestId, { text: "Looks good, approve." }, "alice");
    const state = await run.done;
    expect(state.status).toBe("completed");

    const after = await store2.events(first.id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    // Nothing was run twice: one model call, one question.
    expect(ofType(after, "llm.request")).toHaveLength(1);
    expect(ofType(after, "human.requested")).toHaveLength(1);
    expect(await store2.run(first.id)).toMatchObject({ status: "completed" });
    await expect(engine2.resume(first.id)).rejects.toThrow(/already completed/);
    // Let the abandoned copy go without it writing anything.
    await old.detach();
    await first.done;
    expect(await store2.events(first.id)).toEqual(after);
  });
});
