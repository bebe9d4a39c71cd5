// The reducer: a hand-written run, folded, gives the transcript, node states, requests and
// totals the run should have; and the smaller rules one by one.
import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventBody } from "./events.js";
import type { Flow } from "./flow.js";
import { parseFlow } from "./parse.js";
import { applyEvent, cloneState, fold, isFinished, nodeById, nodeRun, requestOf, type RunState } from "./state.js";
import { chatMessages } from "./transcript.js";

const parsed = parseFlow({
  schemaVersion: 2,
  name: "Writer and reviewer",
  nodes: [
    { id: "start", type: "start", data: { name: "dana" } },
    { id: "writer", type: "agent", data: { name: "writer", model: "scripted/demo" } },
    { id: "critic", type: "agent", data: { name: "critic", model: "scripted/demo" } },
    { id: "reviewer", type: "human", data: { name: "reviewer", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }], allowEdit: true } },
    { id: "end", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "writer" },
    { id: "e_critic", source: "writer", target: "critic", data: { when: { kind: "contains", value: "critic" } } },
    { id: "e2", source: "writer", target: "reviewer" },
    { id: "e_critic_end", source: "critic", target: "end" },
    { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
    { id: "e4", source: "reviewer", target: "writer", data: { when: { kind: "otherwise" } } },
  ],
});
if (!parsed.ok) throw new Error("test flow does not parse");
const flow: Flow = parsed.flow;

const T0 = 1_700_000_000_000;

/** Numbers the bodies from seq 1, one millisecond apart. */
function events(bodies: RunEventBody[]): RunEvent[] {
  return bodies.map((b, i) => ({ ...b, seq: i + 1, at: T0 + i }) as RunEvent);
}

const started: RunEventBody = { type: "run.started", runId: "run-1", flow, flowId: "f1", flowVersion: 3, input: "Summarize the report", options: {} };
const requested = (requestId: string): RunEventBody => ({
  type: "human.requested",
  nodeId: "reviewer",
  requestId,
  instructions: "Approve or revise",
  outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }],
  allowText: true,
  allowEdit: true,
});

// The whole writer/reviewer run, seq = index + 1.
const script: RunEventBody[] = [
  started, // 1
  { type: "node.started", nodeId: "start", visit: 1, attempt: 1 }, // 2
  { type: "message", nodeId: "start", role: "user", name: "dana", content: "Summarize the report" }, // 3
  { type: "route.taken", from: "start", to: "writer", edgeId: "e1", reason: "always" }, // 4
  { type: "node.started", nodeId: "writer", visit: 1, attempt: 1 }, // 5
  { type: "llm.request", nodeId: "writer", callId: "c1", model: "scripted/demo", params: {}, system: "", messageCount: 1 }, // 6
  { type: "message.delta", nodeId: "writer", text: "Draft " }, // 7
  { type: "message.delta", nodeId: "writer", text: "zero" }, // 8
  { type: "llm.retry", nodeId: "writer", callId: "c1", attempt: 1, maxRetries: 3, error: "503", delayMs: 10 }, // 9
  { type: "message.delta", nodeId: "writer", text: "Draft one." }, // 10
  { type: "llm.response", nodeId: "writer", callId: "c1", content: "Draft one.", usage: { promptTokens: 10, completionTokens: 3 }, latencyMs: 5, retries: 1 }, // 11
  { type: "message", nodeId: "writer", role: "assistant", name: "writer", content: "Draft one." }, // 12
  { type: "route.taken", from: "writer", to: "reviewer", edgeId: "e2", reason: "always" }, // 13
  { type: "node.started", nodeId: "reviewer", visit: 1, attempt: 1 }, // 14
  requested("q1"), // 15
  { type: "human.responded", nodeId: "reviewer", requestId: "q1", by: "lee", outcome: "revise", text: "Shorter, please" }, // 16
  { type: "route.taken", from: "reviewer", to: "writer", edgeId: "e4", reason: "otherwise" }, // 17
  { type: "run.paused", nodeId: "writer", reason: "step" }, // 18
  { type: "run.resumed", mode: "continue" }, // 19
  { type: "node.started", nodeId: "writer", visit: 2, attempt: 1 }, // 20
  { type: "llm.request", nodeId: "writer", callId: "c2", model: "scripted/demo", params: {}, system: "", messageCount: 3 }, // 21
  { type: "message.delta", nodeId: "writer", text: "Draft two." }, // 22
  { type: "llm.response", nodeId: "writer", callId: "c2", content: "Draft two.", usage: { promptTokens: 20, completionTokens: 2 }, latencyMs: 4, retries: 0 }, // 23
  { type: "message", nodeId: "writer", role: "assistant", name: "writer", content: "Draft two." }, // 24
  { type: "route.taken", from: "writer", to: "reviewer", edgeId: "e2", reason: "always" }, // 25
  { type: "node.started", nodeId: "reviewer", visit: 2, attempt: 1 }, // 26
  requested("q2"), // 27
  { type: "human.responded", nodeId: "reviewer", requestId: "q2", by: "kim", key: "idem-1", outcome: "approve", edit: "Draft two, edited." }, // 28
  { type: "route.taken", from: "reviewer", to: "end", edgeId: "e3", reason: 'choice is "approve"' }, // 29
  { type: "node.started", nodeId: "end", visit: 1, attempt: 1 }, // 30
  { type: "run.finished", status: "completed", output: "Draft two, edited." }, // 31
];
const all = events(script);
const upTo = (seq: number) => fold(all.slice(0, seq));

describe("fold of a writer/reviewer run", () => {
  const state = fold(all);

  it("gives the transcript, with the edit in place of the reviewed draft and the original kept", () => {
    expect(state.messages).toEqual([
      { seq: 3, nodeId: "start", role: "user", name: "dana", content: "Summarize the report" },
      { seq: 12, nodeId: "writer", role: "assistant", name: "writer", content: "Draft one." },
      { seq: 16, nodeId: "reviewer", role: "user", name: "reviewer", content: "Shorter, please", outcome: "revise" },
      { seq: 24, nodeId: "writer", role: "assistant", name: "writer", content: "Draft two, edited.", original: "Draft two." },
      { seq: 28, nodeId: "reviewer", role: "user", name: "reviewer", content: "approve", outcome: "approve" },
    ]);
  });

  it("gives each node its status, visits and attempts; a node never visited is skipped", () => {
    expect(state.nodes).toEqual({
      start: { status: "done", visits: 1, attempts: 1 },
      writer: { status: "done", visits: 2, attempts: 1 },
      critic: { status: "skipped", visits: 0, attempts: 0 },
      reviewer: { status: "done", visits: 2, attempts: 1, outcome: "approve" },
      end: { status: "done", visits: 1, attempts: 1 },
    });
  });

  it("counts how many times each edge was taken: the whole path, not only the last edge", () => {
    expect(state.edgesTaken).toEqual({ e1: 1, e2: 2, e4: 1, e3: 1 });
    // A copy counts on by itself.
    const copy = cloneState(state);
    copy.edgesTaken.e3 = 5;
    expect(state.edgesTaken.e3).toBe(1);
  });

  it("records who answered each request, and when", () => {
    expect(state.pending).toBeNull();
    expect(state.requests).toEqual({
      q1: { nodeId: "reviewer", askedAt: T0 + 14, answeredBy: "lee", answeredAt: T0 + 15, answerSeq: 16 },
      q2: { nodeId: "reviewer", askedAt: T0 + 26, answeredBy: "kim", answeredAt: T0 + 27, answerSeq: 28, key: "idem-1" },
    });
  });

  it("sums usage and counts steps (agent and human visits) and calls", () => {
    expect(state.usage).toEqual({ promptTokens: 30, completionTokens: 5 });
    expect(state.llmCalls).toBe(2);
    expect(state.steps).toBe(4);
  });

  it("finishes with the run's status, output and times", () => {
    expect(state.status).toBe("completed");
    expect(state.finishStatus).toBe("completed");
    expect(isFinished(state)).toBe(true);
    expect(state.output).toBe("Draft two, edited.");
    expect(state.error).toBeUndefined();
    expect(state.runId).toBe("run-1");
    expect(state.flow).toBe(flow);
    expect(state.flowId).toBe("f1");
    expect(state.flowVersion).toBe(3);
    expect(state.input).toBe("Summarize the report");
    expect(state.startedAt).toBe(T0);
    expect(state.finishedAt).toBe(T0 + 30);
    expect(state.updatedAt).toBe(T0 + 30);
    expect(state.lastSeq).toBe(31);
    expect(state.lastEdgeId).toBe("e3");
    expect(state.streaming).toBeNull();
    expect(state.pausedBefore).toBeNull();
  });

  it("the transcript an agent is sent is the folded one, up to the messages it saw", () => {
    expect(chatMessages("Be brief.", "writer", state.messages, 3)).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", name: "dana", content: "Summarize the report" },
      { role: "assistant", content: "Draft one." },
      { role: "user", name: "reviewer", content: "Shorter, please" },
    ]);
  });
});

describe("fold, step by step", () => {
  it("run.started: every node idle, the start node next", () => {
    const s = upTo(1);
    expect(s.status).toBe("running");
    expect(s.next).toBe("start");
    expect(s.active).toBeNull();
    expect(Object.values(s.nodes).every((n) => n.status === "idle" && n.visits === 0)).toBe(true);
    expect(Object.keys(s.nodes)).toEqual(["start", "writer", "critic", "reviewer", "end"]);
    expect(isFinished(s)).toBe(false);
  });

  it("node.started makes the node active and running; route.taken names the next node", () => {
    const s = upTo(5);
    expect(s.active).toBe("writer");
    expect(s.next).toBeNull();
    expect(s.nodes.writer).toEqual({ status: "running", visits: 1, attempts: 1 });
    expect(s.nodes.start!.status).toBe("done");
    expect(s.steps).toBe(1);
    const routed = upTo(4);
    expect(routed.active).toBeNull();
    expect(routed.next).toBe("writer");
    expect(routed.lastEdgeId).toBe("e1");
  });

  it("deltas gather the streamed text; llm.retry throws it away; the message ends it", () => {
    expect(upTo(8).streaming).toEqual({ nodeId: "writer", text: "Draft zero" });
    expect(upTo(9).streaming).toBeNull();
    expect(upTo(10).streaming).toEqual({ nodeId: "writer", text: "Draft one." });
    expect(upTo(11).streaming).toEqual({ nodeId: "writer", text: "Draft one." });
    expect(upTo(12).streaming).toBeNull();
    expect(upTo(11).messages).toHaveLength(1);
    expect(upTo(12).nodes.writer!.status).toBe("done");
    // Usage counts once the response is in.
    expect(upTo(10).usage).toEqual({ promptTokens: 0, completionTokens: 0 });
    expect(upTo(11).usage).toEqual({ promptTokens: 10, completionTokens: 3 });
  });

  it("llm.retry keeps the retry waiting, with when and for how long, until text comes", () => {
    expect(upTo(8).retry).toBeNull();
    expect(upTo(9).retry).toEqual({ nodeId: "writer", attempt: 1, maxRetries: 3, error: "503", at: all[8]!.at, delayMs: 10 });
    expect(upTo(10).retry).toBeNull();
    // A retry that ends without text: the response, a restart of the node, or the end of the run.
    for (const next of [all[10]!, { ...all[4]!, attempt: 2 }, { type: "run.finished", status: "failed", error: { code: "model_error", message: "503" } } as const]) {
      const s = upTo(9);
      applyEvent(s, { ...next, seq: 10, at: 0 } as RunEvent);
      expect(s.retry).toBeNull();
    }
  });

  it("a delta from another node starts a new streamed text; llm.request clears it", () => {
    const s = upTo(8);
    applyEvent(s, { type: "message.delta", nodeId: "critic", text: "Hmm", seq: 9, at: 0 });
    expect(s.streaming).toEqual({ nodeId: "critic", text: "Hmm" });
    applyEvent(s, { type: "llm.request", nodeId: "critic", callId: "x", model: "scripted/demo", params: {}, system: "", messageCount: 2, seq: 10, at: 0 });
    expect(s.streaming).toBeNull();
  });

  it("human.requested: the run and the node wait, with the request pending", () => {
    const s = upTo(15);
    expect(s.status).toBe("waiting");
    expect(s.nodes.reviewer!.status).toBe("waiting");
    expect(s.pending).toEqual({
      requestId: "q1",
      nodeId: "reviewer",
      seq: 15,
      at: T0 + 14,
      instructions: "Approve or revise",
      outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }],
      allowText: true,
      allowEdit: true,
      deadline: undefined,
      defaultOutcome: undefined,
    });
    expect(s.requests.q1).toEqual({ nodeId: "reviewer", askedAt: T0 + 14 });
  });

  it("human.responded clears the pending request and records the answer", () => {
    const s = upTo(16);
    expect(s.status).toBe("running");
    expect(s.pending).toBeNull();
    expect(s.nodes.reviewer).toEqual({ status: "done", visits: 1, attempts: 1, outcome: "revise" });
    expect(s.requests.q1).toEqual({ nodeId: "reviewer", askedAt: T0 + 14, answeredBy: "lee", answeredAt: T0 + 15, answerSeq: 16 });
    expect(s.messages.at(-1)).toEqual({ seq: 16, nodeId: "reviewer", role: "user", name: "reviewer", content: "Shorter, please", outcome: "revise" });
  });

  it("run.paused and run.resumed", () => {
    const paused = upTo(18);
    expect(paused.status).toBe("paused");
    expect(paused.pausedBefore).toBe("writer");
    expect(paused.next).toBe("writer");
    const resumed = upTo(19);
    expect(resumed.status).toBe("running");
    expect(resumed.pausedBefore).toBeNull();
    expect(resumed.released).toBe("writer");
    expect(resumed.stepMode).toBe(false);
    // Starting the node it was released before ends the release.
    expect(upTo(20).released).toBeNull();
  });

  it("run.resumed in step mode keeps stepping; a pause while a request is pending resumes to waiting", () => {
    const s = upTo(18);
    applyEvent(s, { type: "run.resumed", mode: "step", seq: 19, at: 0 });
    expect(s.stepMode).toBe(true);
    expect(s.status).toBe("running");
    const waiting = upTo(15);
    applyEvent(waiting, { type: "run.paused", nodeId: "end", reason: "request", seq: 16, at: 0 });
    expect(waiting.status).toBe("paused");
    applyEvent(waiting, { type: "run.resumed", mode: "continue", seq: 17, at: 0 });
    expect(waiting.status).toBe("waiting");
  });

  it("stepMode comes from the run's options", () => {
    const s = fold(events([{ ...started, options: { stepMode: true, breakpoints: ["reviewer"] } } as RunEventBody]));
    expect(s.stepMode).toBe(true);
    expect(s.options).toEqual({ stepMode: true, breakpoints: ["reviewer"] });
  });

  it("steps count agent and human visits only", () => {
    expect(upTo(2).steps).toBe(0);
    expect(upTo(14).steps).toBe(2);
    expect(upTo(26).steps).toBe(4);
    expect(upTo(30).steps).toBe(4);
  });
});

describe("fold rules", () => {
  it("a second attempt of a node (after a restart) is not a new visit or step", () => {
    const s = upTo(6);
    applyEvent(s, { type: "node.started", nodeId: "writer", visit: 1, attempt: 2, seq: 7, at: 0 });
    expect(s.nodes.writer).toEqual({ status: "running", visits: 1, attempts: 2 });
    expect(s.steps).toBe(1);
    applyEvent(s, { type: "node.started", nodeId: "writer", visit: 2, attempt: 1, seq: 8, at: 0 });
    expect(s.nodes.writer).toEqual({ status: "running", visits: 2, attempts: 1 });
    expect(s.steps).toBe(2);
  });

  it("an edit keeps the first original when a message is edited twice", () => {
    const s = upTo(15);
    applyEvent(s, { type: "human.responded", nodeId: "reviewer", requestId: "q1", by: "lee", edit: "Draft 1b", seq: 16, at: 0 });
    expect(s.messages.at(-1)).toMatchObject({ nodeId: "writer", content: "Draft 1b", original: "Draft one." });
    // An edit alone adds no message of the person's.
    expect(s.messages).toHaveLength(2);
    expect(s.nodes.reviewer!.outcome).toBeUndefined();
    applyEvent(s, { ...requested("q9"), seq: 17, at: 0 } as RunEvent);
    applyEvent(s, { type: "human.responded", nodeId: "reviewer", requestId: "q9", by: "kim", edit: "Draft 1c", seq: 18, at: 0 });
    expect(s.messages.at(-1)).toMatchObject({ content: "Draft 1c", original: "Draft one." });
  });

  it("blank free text falls back to the choice as the person's message", () => {
    const s = upTo(15);
    applyEvent(s, { type: "human.responded", nodeId: "reviewer", requestId: "q1", by: "lee", outcome: "approve", text: "   ", seq: 16, at: 0 });
    expect(s.messages.at(-1)).toMatchObject({ role: "user", name: "reviewer", content: "approve" });
  });

  it("a timeout takes the default choice, answered by \"timeout\"", () => {
    const s = upTo(14);
    applyEvent(s, { ...requested("q1"), deadline: T0 + 60_000, defaultOutcome: "approve", seq: 15, at: T0 + 14 } as RunEvent);
    expect(s.pending).toMatchObject({ deadline: T0 + 60_000, defaultOutcome: "approve" });
    applyEvent(s, { type: "human.timed_out", nodeId: "reviewer", requestId: "q1", outcome: "approve", seq: 16, at: T0 + 60_000 });
    expect(s.pending).toBeNull();
    expect(s.status).toBe("running");
    expect(s.requests.q1).toEqual({ nodeId: "reviewer", askedAt: T0 + 14, answeredBy: "timeout", answeredAt: T0 + 60_000, answerSeq: 16 });
    expect(s.nodes.reviewer).toMatchObject({ status: "done", outcome: "approve" });
    expect(s.messages.at(-1)).toMatchObject({ seq: 16, role: "user", name: "reviewer", content: "approve" });
  });

  it("a failure names its node: that node fails, the unvisited ones are skipped", () => {
    const s = upTo(12);
    applyEvent(s, { type: "run.finished", status: "failed", error: { code: "no_route", message: "no edge", nodeId: "writer" }, seq: 13, at: T0 + 99 });
    expect(s.status).toBe("failed");
    expect(s.finishStatus).toBe("failed");
    expect(s.error).toEqual({ code: "no_route", message: "no edge", nodeId: "writer" });
    expect(s.nodes.writer!.status).toBe("failed");
    expect(s.nodes.start!.status).toBe("done");
    expect(s.nodes.reviewer!.status).toBe("skipped");
    expect(s.nodes.critic!.status).toBe("skipped");
    expect(s.nodes.end!.status).toBe("skipped");
    expect(s.finishedAt).toBe(T0 + 99);
  });

  it("a failure without a node fails the running node; a cancel while streaming marks it done and drops the text", () => {
    const failed = upTo(8);
    applyEvent(failed, { type: "run.finished", status: "failed", error: { code: "internal", message: "boom" }, seq: 9, at: 0 });
    expect(failed.nodes.writer!.status).toBe("failed");
    expect(failed.streaming).toBeNull();
    const cancelled = upTo(8);
    applyEvent(cancelled, { type: "run.finished", status: "cancelled", seq: 9, at: 0 });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.nodes.writer!.status).toBe("done");
    expect(cancelled.streaming).toBeNull();
  });

  it("a cancel while waiting for a person clears the request; no node is left waiting", () => {
    const s = upTo(15);
    applyEvent(s, { type: "run.finished", status: "cancelled", seq: 16, at: 0 });
    expect(s.status).toBe("cancelled");
    expect(s.pending).toBeNull();
    expect(s.requests.q1).toEqual({ nodeId: "reviewer", askedAt: T0 + 14 });
    expect(s.nodes.reviewer).toMatchObject({ status: "done", visits: 1 });
    expect(Object.values(s.nodes).map((n) => n.status)).not.toContain("waiting");
    expect(Object.values(s.nodes).map((n) => n.status)).not.toContain("running");
  });

  it("a cancel while paused clears the pause; the node it was paused before is skipped", () => {
    const s = upTo(18);
    applyEvent(s, { type: "run.finished", status: "cancelled", seq: 19, at: 0 });
    expect(s.status).toBe("cancelled");
    expect(s.pausedBefore).toBeNull();
    expect(s.nodes.writer!.status).toBe("done");
    expect(s.nodes.critic!.status).toBe("skipped");
  });

  it("the max_steps failure names the node it did not start: that node fails, though never visited", () => {
    const s = upTo(17);
    applyEvent(s, { type: "run.finished", status: "failed", error: { code: "max_steps", message: "max", nodeId: "writer" }, seq: 18, at: 0 });
    expect(s.nodes.writer).toMatchObject({ status: "failed", visits: 1 });
    expect(s.nodes.critic!.status).toBe("skipped");
  });

  it("fold from a state continues it, without changing it", () => {
    for (const k of [0, 1, 9, 15, 18, 30, 31]) {
      const prefix = fold(all.slice(0, k));
      const snapshot = cloneState(prefix);
      expect(fold(all.slice(k), prefix)).toEqual(fold(all));
      expect(prefix).toEqual(snapshot);
    }
  });

  it("folding does not change the events, and is the same every time", () => {
    const copy = structuredClone(all);
    const a = fold(all);
    const b = fold(all);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(all).toEqual(copy);
    // Changing a folded state does not reach the events or another fold.
    a.messages[0]!.content = "changed";
    a.nodes.writer!.visits = 99;
    expect(fold(all).messages[0]!.content).toBe("Summarize the report");
    expect(all).toEqual(copy);
  });

  it("folds events that went through JSON (as stored) to the same state", () => {
    const stored = JSON.parse(JSON.stringify(all)) as RunEvent[];
    expect(fold(stored)).toEqual(fold(all));
  });

  it("refuses an unknown event type", () => {
    const s = upTo(1);
    expect(() => applyEvent(s, { type: "node.exploded", seq: 2, at: 0 } as unknown as RunEvent)).toThrow(/unknown event node\.exploded/);
  });

  it("nodeById finds a node of the flow", () => {
    expect(nodeById(flow, "reviewer")?.data.name).toBe("reviewer");
    expect(nodeById(flow, "nobody")).toBeUndefined();
  });

  it("an empty fold is a blank, unfinished state", () => {
    const s: RunState = fold([]);
    expect(s.lastSeq).toBe(0);
    expect(s.messages).toEqual([]);
    expect(s.status).toBe("running");
    expect(isFinished(s)).toBe(false);
  });
});

describe("ids named like Object.prototype's properties", () => {
  // Every id of the run renamed: the writer, the reviewer and the request ids.
  const names = Object.getOwnPropertyNames(Object.prototype);
  it.each(names)("%s is data: the run folds as with any other id, and nothing leaks into other objects", (name) => {
    const renamed = JSON.parse(
      JSON.stringify(all).replaceAll('"writer"', JSON.stringify(name)).replaceAll('"q1"', JSON.stringify(name)).replaceAll('"reviewer"', `"${name}-review"`),
    ) as RunEvent[];
    const state = fold(renamed);
    const plain = fold(all);
    expect(nodeRun(state, name)).toEqual(plain.nodes.writer);
    expect(requestOf(state, name)).toEqual({ ...plain.requests.q1, nodeId: `${name}-review` });
    expect(Object.keys(state.nodes)).toEqual(["start", name, "critic", `${name}-review`, "end"]);
    expect(state.messages.map((m) => m.content)).toEqual(plain.messages.map((m) => m.content));
    expect(JSON.parse(JSON.stringify(cloneState(state).nodes))[name]).toEqual(plain.nodes.writer);
    // Nothing was written onto Object.prototype (a run once set `status` there for every object).
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual([...names].sort());
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });

  it("an id the run never saw is unknown, whatever its spelling", () => {
    const state = fold(all);
    for (const name of names) {
      expect(nodeRun(state, name)).toBeUndefined();
      expect(requestOf(state, name)).toBeUndefined();
    }
  });
});
