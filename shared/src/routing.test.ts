// Routing: edges out of a node are tried in order, the first whose condition holds is taken,
// and an edge into a node that used up its maxVisits is passed over.
import { describe, expect, it } from "vitest";
import type { EdgeCondition, Flow, FlowEdge } from "./flow.js";
import { parseFlow } from "./parse.js";
import { conditionHolds, edgesBySource, pickEdge, routeFrom, type RouteContext } from "./routing.js";
import { applyEvent, fold, type RunState } from "./state.js";
import type { RunEvent, RunEventBody } from "./events.js";

function edge(id: string, target: string, when?: EdgeCondition): FlowEdge {
  return { id, source: "from", target, data: when ? { when } : {} };
}

function ctx(over: Partial<RouteContext> = {}): RouteContext {
  return { text: "", visits: () => 0, maxVisits: () => undefined, ...over };
}

function pick(edges: FlowEdge[], over: Partial<RouteContext> = {}): string | undefined {
  const result = pickEdge("from", edges, ctx(over));
  return result.ok ? result.edge.id : undefined;
}

describe("conditionHolds", () => {
  it("always / otherwise / no condition always hold", () => {
    expect(conditionHolds(undefined, { text: "" })).toBe(true);
    expect(conditionHolds({ kind: "always" }, { text: "" })).toBe(true);
    expect(conditionHolds({ kind: "otherwise" }, { text: "" })).toBe(true);
  });

  it("choice compares the answer's choice, without regard to case", () => {
    const when: EdgeCondition = { kind: "outcome", value: "Approve" };
    expect(conditionHolds(when, { outcome: "approve", text: "" })).toBe(true);
    expect(conditionHolds(when, { outcome: "APPROVE", text: "" })).toBe(true);
    expect(conditionHolds(when, { outcome: "revise", text: "approve" })).toBe(false);
    expect(conditionHolds(when, { outcome: "approved", text: "" })).toBe(false);
    // Free text that says the choice is not a choice.
    expect(conditionHolds(when, { text: "approve" })).toBe(false);
  });

  it("contains looks in the last message, without regard to case", () => {
    const when: EdgeCondition = { kind: "contains", value: "LGTM" };
    expect(conditionHolds(when, { text: "looks fine, lgtm!" })).toBe(true);
    expect(conditionHolds(when, { text: "looks fine" })).toBe(false);
    expect(conditionHolds({ kind: "contains", value: "a.b" }, { text: "axb" })).toBe(false);
  });

  it("regex tests the last message, without regard to case", () => {
    const when: EdgeCondition = { kind: "regex", value: "^verdict: (pass|ok)\\b" };
    expect(conditionHolds(when, { text: "Verdict: PASS, ship it" })).toBe(true);
    expect(conditionHolds(when, { text: "verdict: passable" })).toBe(false);
    expect(conditionHolds(when, { text: "the verdict: pass" })).toBe(false);
    expect(conditionHolds({ kind: "regex", value: "a.b" }, { text: "axb" })).toBe(true);
  });
});

describe("pickEdge", () => {
  it("always: an unconditional edge is taken", () => {
    const result = pickEdge("from", [edge("e1", "next")], ctx());
    expect(result).toEqual({ ok: true, edge: edge("e1", "next"), reason: "always" });
  });

  it("choice (case-insensitive)", () => {
    const edges = [edge("ok", "end", { kind: "outcome", value: "approve" }), edge("again", "writer", { kind: "outcome", value: "revise" })];
    expect(pick(edges, { outcome: "Revise" })).toBe("again");
    expect(pick(edges, { outcome: "APPROVE" })).toBe("ok");
    const result = pickEdge("from", edges, ctx({ outcome: "approve" }));
    expect(result.ok && result.reason).toBe('outcome is "approve"');
  });

  it("contains (case-insensitive)", () => {
    const edges = [edge("done", "end", { kind: "contains", value: "DONE" }), edge("rest", "writer", { kind: "otherwise" })];
    expect(pick(edges, { text: "All done." })).toBe("done");
    expect(pick(edges, { text: "not yet" })).toBe("rest");
    const result = pickEdge("from", edges, ctx({ text: "Done" }));
    expect(result.ok && result.reason).toBe('contains "DONE"');
  });

  it("regex", () => {
    const edges = [edge("num", "calc", { kind: "regex", value: "\\d{3}" }), edge("rest", "end", { kind: "otherwise" })];
    expect(pick(edges, { text: "order 12345" })).toBe("num");
    expect(pick(edges, { text: "order 12" })).toBe("rest");
    const result = pickEdge("from", edges, ctx({ text: "123" }));
    expect(result.ok && result.reason).toBe('regex "\\d{3}"');
  });

  it("otherwise is taken when nothing before it holds", () => {
    const edges = [edge("ok", "end", { kind: "outcome", value: "approve" }), edge("else", "writer", { kind: "otherwise" })];
    expect(pick(edges, { outcome: "revise", text: "approve" })).toBe("else");
    const result = pickEdge("from", edges, ctx({ outcome: "revise" }));
    expect(result.ok && result.reason).toBe("otherwise");
  });

  it("order matters: the first edge that holds wins", () => {
    const a = edge("a", "x", { kind: "contains", value: "ship" });
    const b = edge("b", "y", { kind: "contains", value: "ship it" });
    const c = edge("c", "z");
    expect(pick([a, b, c], { text: "ship it" })).toBe("a");
    expect(pick([b, a, c], { text: "ship it" })).toBe("b");
    expect(pick([c, a, b], { text: "ship it" })).toBe("c");
    // An otherwise before a matching edge wins too: it is not a "last resort", only an edge that always holds.
    expect(pick([edge("o", "w", { kind: "otherwise" }), a], { text: "ship it" })).toBe("o");
  });

  it("passes over an edge whose target used up its maxVisits, to a later edge", () => {
    const edges = [edge("loop", "worker", { kind: "contains", value: "fail" }), edge("person", "operator", { kind: "contains", value: "fail" }), edge("end", "end")];
    const maxVisits = (id: string) => (id === "worker" ? 2 : undefined);
    expect(pick(edges, { text: "fail", maxVisits, visits: () => 1 })).toBe("loop");
    expect(pick(edges, { text: "fail", maxVisits, visits: (id) => (id === "worker" ? 2 : 0) })).toBe("person");
    expect(pick(edges, { text: "fail", maxVisits, visits: (id) => (id === "worker" ? 5 : 0) })).toBe("person");
    // An edge whose condition does not hold is not taken, whatever the visits.
    expect(pick(edges, { text: "pass", maxVisits, visits: () => 0 })).toBe("end");
  });

  it("no edge matches: a clear message naming the node, the choice and the last message", () => {
    const edges = [edge("ok", "end", { kind: "outcome", value: "approve" }), edge("done", "end", { kind: "contains", value: "done" })];
    const result = pickEdge("reviewer", edges, ctx({ outcome: "revise", text: "more work" }));
    expect(result).toEqual({ ok: false, exhausted: [], message: 'no edge out of "reviewer" matches outcome "revise" for the last message "more work"' });
  });

  it("a failed route names the targets passed over for maxVisits (what makes the node stuck)", () => {
    const edges = [edge("loop", "worker"), edge("stuck", "operator", { kind: "stuck" }), edge("error", "operator", { kind: "error" })];
    const result = pickEdge("worker", edges, ctx({ text: "again", maxVisits: () => 2, visits: () => 2 }));
    expect(result).toMatchObject({ ok: false, exhausted: ["worker"] });
    expect(!result.ok && result.message).toContain("passed over worker: maxVisits reached");
  });

  it("no edges at all also fails with the node's name", () => {
    const result = pickEdge("writer", [], ctx({ text: "hi" }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('"writer"');
  });

  it("the message says which targets were passed over for maxVisits, and clips a long message", () => {
    const long = `fail ${"x".repeat(200)}`;
    const result = pickEdge("checker", [edge("loop", "worker", { kind: "contains", value: "fail" })], ctx({
      text: long,
      visits: () => 3,
      maxVisits: () => 3,
    }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('no edge out of "checker" matches');
    expect(result.message).toContain("passed over worker: maxVisits reached");
    expect(result.message).toContain(`"${long.slice(0, 80)}…"`);
    expect(result.message).not.toContain(long);
  });
});

describe("routeFrom (in a run state)", () => {
  const parsed = parseFlow({
    schemaVersion: 2,
    nodes: [
      { id: "start", type: "start" },
      { id: "writer", type: "agent", data: { name: "writer", model: "scripted/demo", maxVisits: 2 } },
      { id: "reviewer", type: "human", data: { name: "Reviewer", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }] } },
      { id: "boss", type: "human", data: { name: "boss", outcomes: [{ name: "ok", description: "" }] } },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "writer" },
      { id: "e2", source: "writer", target: "reviewer" },
      { id: "ok", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
      { id: "again", source: "reviewer", target: "writer", data: { when: { kind: "contains", value: "again" } } },
      { id: "boss", source: "reviewer", target: "boss", data: { when: { kind: "contains", value: "again" } } },
      { id: "b", source: "boss", target: "end" },
    ],
  });
  if (!parsed.ok) throw new Error("test flow does not parse");
  const flow: Flow = parsed.flow;
  const edges = edgesBySource(flow);

  function run(bodies: RunEventBody[]): RunState {
    const events = [{ type: "run.started", runId: "r", flow, input: "go", options: {} } as RunEventBody, ...bodies].map(
      (b, i) => ({ ...b, seq: i + 1, at: 1000 + i }) as RunEvent,
    );
    return fold(events);
  }
  const writerTurn = (visit: number, content: string): RunEventBody[] => [
    { type: "node.started", nodeId: "writer", visit, attempt: 1 },
    { type: "message", nodeId: "writer", role: "assistant", name: "writer", content },
  ];
  const review = (id: string, answer: { outcome?: string; text?: string }): RunEventBody[] => [
    { type: "node.started", nodeId: "reviewer", visit: 1, attempt: 1 },
    { type: "human.requested", nodeId: "reviewer", requestId: id, instructions: "", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }], allowText: true, allowEdit: false },
    { type: "human.responded", nodeId: "reviewer", requestId: id, by: "dana", ...answer },
  ];

  it("routes on the human node's choice and on the last message", () => {
    const approved = run([...writerTurn(1, "draft"), ...review("q1", { outcome: "approve" })]);
    const r1 = routeFrom(approved, "reviewer", edges.get("reviewer")!);
    expect(r1.ok && r1.edge.id).toBe("ok");
    const again = run([...writerTurn(1, "draft"), ...review("q1", { outcome: "revise", text: "Again, shorter" })]);
    const r2 = routeFrom(again, "reviewer", edges.get("reviewer")!);
    expect(r2.ok && r2.edge.id).toBe("again");
  });

  it("uses the flow's maxVisits and the state's visits to pass over the writer", () => {
    const state = run([...writerTurn(1, "d1"), ...writerTurn(2, "d2"), ...review("q1", { outcome: "revise", text: "again" })]);
    expect(state.nodes.writer!.visits).toBe(2);
    const r = routeFrom(state, "reviewer", edges.get("reviewer")!);
    expect(r.ok && r.edge.id).toBe("boss");
  });

  it("names the node by its name when nothing matches", () => {
    const state = run([...writerTurn(1, "draft"), ...review("q1", { outcome: "revise" })]);
    const r = routeFrom(state, "reviewer", edges.get("reviewer")!);
    expect(r).toEqual({ ok: false, exhausted: [], message: 'no edge out of "Reviewer" matches outcome "revise" for the last message "revise"' });
  });

  it("edgesBySource keeps the flow's order", () => {
    expect(edges.get("reviewer")!.map((e) => e.id)).toEqual(["ok", "again", "boss"]);
    expect(edges.get("end")).toBeUndefined();
  });

  it("routing does not change the state", () => {
    const state = run([...writerTurn(1, "draft"), ...review("q1", { outcome: "approve" })]);
    const before = structuredClone(state);
    routeFrom(state, "reviewer", edges.get("reviewer")!);
    expect(state).toEqual(before);
    // And the state goes on from there as usual.
    applyEvent(state, { type: "route.taken", from: "reviewer", to: "end", edgeId: "ok", reason: "", seq: state.lastSeq + 1, at: 0 });
    expect(state.next).toBe("end");
  });
});
