// Fallback when the system gets stuck, in process on a real SQLite file: an agent whose model
// keeps failing (the openai SDK against the fake server answering 500), whose tool fails, whose
// reply repeats itself, or a node whose way on is out of visits, goes to the person at the end of
// its `on error` / `on stuck` edge, who is told what happened and retries, answers instead, fails
// the run, or routes on with the node's own edges.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventOf, RunEvent, RunEventType } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { Engine } from "../src/engine/engine.js";
import type { Run } from "../src/engine/run.js";
import { createRegistry } from "../src/providers/registry.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { createToolBox } from "../src/tools/toolbox.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { answerError } from "./helpers/answer-error.js";
import { waitEvent } from "./helpers/run-events.js";

type Json = Record<string, unknown>;
const start = { id: "start", type: "start", data: { name: "user" } };
const end = { id: "end", type: "end", data: { name: "end" } };
const outcomes = (...names: string[]) => names.map((name) => ({ name, description: "" }));
const agent = (id: string, data: Json = {}) => ({ id, type: "agent", data: { name: id, model: "scripted/demo", ...data } });
const human = (id: string, data: Json = {}) => ({ id, type: "human", data: { name: id, instructions: `${id}, please decide.`, allowText: true, ...data } });
const edge = (id: string, source: string, target: string, when?: Json) => ({ id, source, target, data: when ? { when } : {} });
const flow = (nodes: Json[], edges: Json[]) => ({ schemaVersion: 2, name: "Fallback", maxSteps: 50, nodes, edges });

/** start → writer → end; writer on error → operator (outcome "skip" → end). */
const errorFlow = (writer: Json = {}) =>
  flow(
    [start, agent("writer", writer), human("operator", { outcomes: outcomes("skip") }), end],
    [edge("e1", "start", "writer"), edge("e2", "writer", "end"), edge("oops", "writer", "operator", { kind: "error" }), edge("e3", "operator", "end", { kind: "outcome", value: "skip" })],
  );

let fake: FakeOpenAI;
let dir: string;
let store: EventStore;
let engine: Engine;

beforeEach(async () => {
  fake = await startFakeOpenAI();
  dir = mkdtempSync(join(tmpdir(), "tandem-fallback-"));
  store = createSqlEventStore((await openSql(dir)).sql);
  const tools = createToolBox({
    code: {
      spec: (name) => (name === "flaky" ? { name, description: "Always fails", parameters: { type: "object", properties: {} } } : undefined),
      list: () => [],
      async call() {
        throw new Error("the payments service is down");
      },
    },
  });
  const registry = createRegistry({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url } });
  engine = new Engine({ store, registry, tools, retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 10 } });
});

afterEach(async () => {
  await engine.shutdown();
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);
const asked = (run: Run, n = 1) => {
  let seen = 0;
  return waitEvent(engine, run, "human.requested", () => ++seen === n);
};

/** A run whose writer's model answers 500 to every attempt (1 + 2 retries), waiting for the operator. */
async function failedWriter() {
  fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
  const run = await engine.start(checkFlowDocument(errorFlow({ model: "openai/gpt-4o-mini" })), "Write about tea.");
  return { run, request: await asked(run) };
}

describe("on error: the model keeps failing after its retries", () => {
  it("goes to the fallback person with the problem instead of failing the run", async () => {
    const { run, request } = await failedWriter();
    expect(fake.calls).toHaveLength(3);
    const events = await store.events(run.id);
    expect(ofType(events, "llm.retry")).toHaveLength(2);
    const route = ofType(events, "route.taken").at(-1)!;
    expect(route).toMatchObject({ from: "writer", to: "operator", edgeId: "oops" });
    expect(route.reason).toMatch(/^on error: writer: /);
    expect(request.problem).toMatchObject({ kind: "error", nodeId: "writer", code: "model_error" });
    expect(request.problem!.message).toContain("after 3 attempts");
    expect(run.state.status).toBe("waiting");
    expect(run.state.pending?.problem).toEqual(request.problem);
  });

  it("retry: the failed node runs again and the run goes on from it", async () => {
    const { run, request } = await failedWriter();
    fake.enqueue({ text: "Tea is a leaf." });
    await engine.answer(run.id, request.requestId, { fallback: "retry" }, "Ana");
    const state = await run.done;
    expect(state.status).toBe("completed");
    const events = await store.events(run.id);
    expect(ofType(events, "node.started").filter((e) => e.nodeId === "writer").map((e) => e.visit)).toEqual([1, 2]);
    expect(ofType(events, "route.taken").map((e) => `${e.from}→${e.to}`)).toEqual(["start→writer", "writer→operator", "operator→writer", "writer→end"]);
    expect(state.output).toBe("Tea is a leaf.");
    expect(ofType(events, "human.responded")[0]).toMatchObject({ fallback: "retry", by: "Ana" });
  });

  it("instead: the person's text is the failed node's reply, and routing goes on from that node", async () => {
    const { run, request } = await failedWriter();
    const refused = await answerError(() => engine.answer(run.id, request.requestId, { fallback: "instead" }, "Ana"));
    expect(refused).toMatchObject({ code: "invalid_answer", path: "text" });
    await engine.answer(run.id, request.requestId, { fallback: "instead", text: "Tea, written by hand." }, "Ana");
    const state = await run.done;
    expect(state.status).toBe("completed");
    const events = await store.events(run.id);
    const messages = ofType(events, "message");
    expect(messages.at(-1)).toMatchObject({ nodeId: "writer", role: "assistant", name: "writer", content: "Tea, written by hand." });
    expect(ofType(events, "route.taken").at(-1)).toMatchObject({ from: "writer", to: "end", edgeId: "e2" });
    expect(fake.calls).toHaveLength(3);
  });

  it("fail: the run fails with the problem as its error", async () => {
    const { run, request } = await failedWriter();
    await engine.answer(run.id, request.requestId, { fallback: "fail" }, "Ana");
    const state = await run.done;
    expect(state.status).toBe("failed");
    expect(state.error).toEqual({ code: "model_error", message: request.problem!.message, nodeId: "writer" });
  });

  it("no fallback chosen: the fallback node's own edges route", async () => {
    const { run, request } = await failedWriter();
    await engine.answer(run.id, request.requestId, { outcome: "skip" }, "Ana");
    const state = await run.done;
    expect(state.status).toBe("completed");
    expect(ofType(await store.events(run.id), "route.taken").at(-1)).toMatchObject({ from: "operator", to: "end", edgeId: "e3" });
  });

  it("without an error edge the run fails as before", async () => {
    fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const plain = errorFlow({ model: "openai/gpt-4o-mini" });
    plain.edges = plain.edges.filter((e) => e.id !== "oops");
    plain.nodes = plain.nodes.filter((n) => n.id !== "operator");
    plain.edges = plain.edges.filter((e) => e.source !== "operator");
    const state = await (await engine.start(checkFlowDocument(plain), "Write about tea.")).done;
    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "model_error", nodeId: "writer" });
  });
});

describe("on error: a tool fails", () => {
  it("a tool call that fails takes the error edge, naming the tool", async () => {
    const script = [{ calls: [{ tool: "flaky", arguments: {} }], reply: "done: {{result}}" }];
    const run = await engine.start(checkFlowDocument(errorFlow({ tools: [{ ref: "code:flaky", approval: { mode: "never" } }], script })), "Refund it.");
    const request = await asked(run);
    expect(ofType(await store.events(run.id), "tool.failed")[0]).toMatchObject({ code: "error", error: "the payments service is down" });
    expect(request.problem).toMatchObject({ kind: "error", nodeId: "writer", code: "tool_failed" });
    expect(request.problem!.message).toContain("tool flaky failed (error): the payments service is down");
    await engine.answer(run.id, request.requestId, { fallback: "fail" }, "Ana");
    expect((await run.done).error).toMatchObject({ code: "tool_failed", nodeId: "writer" });
  });
});

describe("on stuck", () => {
  /** start → writer → reviewer (approve → end, revise → writer); `stuckFrom` on stuck → operator (skip → end). */
  const loopFlow = (stuckFrom: string, writer: Json, reviewer: Json = {}) =>
    flow(
      [start, agent("writer", writer), human("reviewer", { outcomes: outcomes("approve", "revise"), ...reviewer }), human("operator", { outcomes: outcomes("skip") }), end],
      [
        edge("e1", "start", "writer"),
        edge("e2", "writer", "reviewer"),
        edge("e3", "reviewer", "end", { kind: "outcome", value: "approve" }),
        edge("e4", "reviewer", "writer", { kind: "outcome", value: "revise" }),
        edge("stuck", stuckFrom, "operator", { kind: "stuck" }),
        edge("e5", "operator", "end", { kind: "outcome", value: "skip" }),
      ],
    );

  it("an agent that replies word for word as on its previous visit makes no progress", async () => {
    const run = await engine.start(checkFlowDocument(loopFlow("writer", { script: ["The same draft.", "The same draft.", "A new draft."] })), "Write.");
    const first = await asked(run);
    await engine.answer(run.id, first.requestId, { outcome: "revise" }, "Ana");
    const request = await asked(run, 2);
    expect(request.nodeId).toBe("operator");
    expect(request.problem).toMatchObject({ kind: "stuck", nodeId: "writer", code: "no_progress" });
    expect(ofType(await store.events(run.id), "route.taken").at(-1)).toMatchObject({ from: "writer", to: "operator", edgeId: "stuck" });
    // Run again, it says something new and the run goes on as usual.
    await engine.answer(run.id, request.requestId, { fallback: "retry" }, "Ana");
    const again = await asked(run, 3);
    expect(again).toMatchObject({ nodeId: "reviewer" });
    expect(run.state.messages.findLast((m) => m.nodeId === "writer")?.content).toBe("A new draft.");
    await engine.answer(run.id, again.requestId, { outcome: "approve" }, "Ana");
    expect((await run.done).status).toBe("completed");
  });

  it("a node whose way on is out of visits goes to its stuck edge instead of failing", async () => {
    const run = await engine.start(checkFlowDocument(loopFlow("reviewer", { maxVisits: 1 })), "Write.");
    const first = await asked(run);
    await engine.answer(run.id, first.requestId, { outcome: "revise" }, "Ana");
    const request = await asked(run, 2);
    expect(request.nodeId).toBe("operator");
    expect(request.problem).toMatchObject({ kind: "stuck", nodeId: "reviewer", code: "max_visits" });
    expect(request.problem!.message).toContain("passed over writer: maxVisits reached");
    await engine.answer(run.id, request.requestId, { outcome: "skip" }, "Ana");
    expect((await run.done).status).toBe("completed");
  });
});

describe("a fallback answer", () => {
  it("is refused on a question that is not about a problem, naming fallback", async () => {
    const run = await engine.start(
      checkFlowDocument(flow([start, human("reviewer", { outcomes: outcomes("approve") }), end], [edge("e1", "start", "reviewer"), edge("e2", "reviewer", "end")])),
      "Hi.",
    );
    const request = await asked(run);
    const refused = await answerError(() => engine.answer(run.id, request.requestId, { outcome: "approve", fallback: "retry" }, "Ana"));
    expect(refused).toMatchObject({ code: "invalid_answer", path: "fallback" });
    expect(refused.message).toContain("fallback");
    expect(run.state.pending?.requestId).toBe(request.requestId);
    await engine.answer(run.id, request.requestId, { outcome: "approve" }, "Ana");
    expect((await run.done).status).toBe("completed");
  });
});
