// Escalation chains in process, on a clock the test moves (a real SQLite file per test): each
// step fires once, in order, when its time after the ask comes; reassigning changes who the
// question is for; a chain without a default step never answers for anyone; an answer stops the
// chain; and a chain taken on from the stored events (a restart) fires what is due at once, once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { EventOf, RunEvent, RunEventType } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { Engine } from "../src/engine/engine.js";
import type { Run } from "../src/engine/run.js";
import { createRegistry } from "../src/providers/registry.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { waitEvent } from "./helpers/run-events.js";

const outcomes = [{ name: "approve", description: "" }, { name: "revise", description: "" }];
const flowWith = (escalation: unknown[], reviewer: Record<string, unknown> = {}) =>
  checkFlowDocument({
    schemaVersion: 2,
    name: "Escalating",
    nodes: [
      { id: "start", type: "start", data: { name: "user" } },
      { id: "writer", type: "agent", data: { name: "writer", model: "scripted/demo", script: ["a draft"] } },
      { id: "reviewer", type: "human", data: { name: "reviewer", instructions: "Review.", outcomes, assignees: { users: ["ana"], roles: [] }, escalation, ...reviewer } },
      { id: "end", type: "end", data: { name: "end" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "writer" },
      { id: "e2", source: "writer", target: "reviewer" },
      { id: "e3", source: "reviewer", target: "end" },
    ],
  });

const CHAIN = [
  { action: "remind", afterSeconds: 60 },
  { action: "reassign", afterSeconds: 120, assignees: { users: [], roles: ["legal"] } },
  { action: "default", afterSeconds: 180 },
];

let dir: string;
let store: EventStore;
/** The run's clock: the test moves it; each reading wakes whoever waits for the next one. */
let t: number;
let onRead: () => void;
const engines: Engine[] = [];

function newEngine(): Engine {
  const now = () => (onRead(), t);
  const engine = new Engine({ store, registry: createRegistry({ env: {} }), now, maxTimerMs: 5 });
  engines.push(engine);
  return engine;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tandem-escalation-"));
  store = createSqlEventStore((await openSql(dir)).sql);
  t = 1_000_000;
  onRead = () => {};
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);
/** Resolves once the run has read its clock `n` more times: it looked again and found nothing due (or did what was). */
const reads = (n: number) => new Promise<void>((done) => (onRead = () => --n <= 0 && done()));

it("fires each step once, in order, at its time after the ask; the default step takes the default outcome", async () => {
  const engine = newEngine();
  const run = await engine.start(flowWith(CHAIN, { defaultOutcome: "revise" }), "Go");
  const asked = await waitEvent(engine, run, "human.requested");
  expect(asked.deadline).toBe(asked.at + 180_000);
  expect(asked.assignees).toEqual({ users: ["ana"], roles: [] });

  t = asked.at + 59_999;
  await reads(10);
  expect(ofType(await store.events(run.id), "human.escalated")).toEqual([]);

  t = asked.at + 60_000;
  const remind = await waitEvent(engine, run, "human.escalated");
  expect(remind).toMatchObject({ step: 0, action: "remind", at: asked.at + 60_000 });
  await reads(10);
  expect(ofType(await store.events(run.id), "human.escalated")).toHaveLength(1);

  t = asked.at + 120_000;
  const reassign = await waitEvent(engine, run, "human.escalated", (e) => e.step === 1);
  expect(reassign).toMatchObject({ action: "reassign", assignees: { users: [], roles: ["legal"] } });
  expect(run.state.requests[asked.requestId]).toMatchObject({ escalations: 2, assignees: { roles: ["legal"] } });

  t = asked.at + 180_000;
  const state = await run.done;
  const events = await store.events(run.id);
  expect(ofType(events, "human.escalated").map((e) => [e.step, e.action, e.at - asked.at])).toEqual([
    [0, "remind", 60_000],
    [1, "reassign", 120_000],
    [2, "default", 180_000],
  ]);
  expect(ofType(events, "human.timed_out")).toEqual([expect.objectContaining({ requestId: asked.requestId, outcome: "revise", at: asked.at + 180_000 })]);
  expect(state.status).toBe("completed");
});

it("a chain without a default step reminds and reassigns, then waits for an answer", async () => {
  const engine = newEngine();
  const run = await engine.start(flowWith(CHAIN.slice(0, 2)), "Go");
  const asked = await waitEvent(engine, run, "human.requested");
  expect(asked.deadline).toBeUndefined();
  t = asked.at + 3_600_000;
  await waitEvent(engine, run, "human.escalated", (e) => e.step === 1);
  // Nothing more is due: the run waits for an answer alone, without a timer (it reads the clock no more).
  expect(run.state.pending?.requestId).toBe(asked.requestId);
  await engine.answer(run.id, asked.requestId, { outcome: "approve" }, "Lee");
  expect((await run.done).status).toBe("completed");
  expect(ofType(await store.events(run.id), "human.escalated")).toHaveLength(2);
  expect(ofType(await store.events(run.id), "human.timed_out")).toEqual([]);
});

it("an answer stops the chain", async () => {
  const engine = newEngine();
  const run = await engine.start(flowWith(CHAIN, { defaultOutcome: "revise" }), "Go");
  const asked = await waitEvent(engine, run, "human.requested");
  t = asked.at + 60_000;
  await waitEvent(engine, run, "human.escalated");
  await engine.answer(run.id, asked.requestId, { outcome: "approve" }, "Ana");
  t = asked.at + 1_000_000;
  const state = await run.done;
  expect(state.status).toBe("completed");
  const events = await store.events(run.id);
  expect(ofType(events, "human.escalated")).toHaveLength(1);
  expect(ofType(events, "human.timed_out")).toEqual([]);
});

it("taken on from the stored events, steps whose time passed fire at once, each once, in order", async () => {
  const first = newEngine();
  const run: Run = await first.start(flowWith(CHAIN, { defaultOutcome: "approve" }), "Go");
  const asked = await waitEvent(first, run, "human.requested");
  t = asked.at + 60_000;
  await waitEvent(first, run, "human.escalated");
  // The process goes away without a word; another takes the run on long after every step was due.
  await first.detach();
  t = asked.at + 10_000_000;
  const second = new Engine({ store, registry: createRegistry({ env: {} }), now: () => t, maxTimerMs: 5 });
  engines.push(second);
  const [resumed] = (await second.resumeAll()).resumed;
  const state = await resumed!.done;
  expect(state.status).toBe("completed");
  const events = await store.events(run.id);
  expect(ofType(events, "human.escalated").map((e) => [e.step, e.at - asked.at])).toEqual([
    [0, 60_000],
    [1, 10_000_000],
    [2, 10_000_000],
  ]);
  expect(ofType(events, "human.timed_out")).toHaveLength(1);
});
