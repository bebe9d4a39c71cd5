import { outcomesOf, templateById } from "@tandem/shared";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { addNodes, connect, moveEdge, removeElements, renameOutcome, setCondition, setOutcomes, setPositions, updateNodeData } from "../flow/edits.js";
import { blankFlow, createNode } from "../flow/factory.js";
import { beginGesture, documentStore, edit, endGesture, loadDocument, markSaved, redo, undo } from "./document.js";

const flow = () => documentStore.getState().flow;
const node = (id: string) => flow().nodes.find((n) => n.id === id);
const canUndo = () => documentStore.temporal.getState().pastStates.length > 0;

function addKind(kind: "start" | "agent" | "human" | "end", x = 0) {
  const created = createNode(kind, { x, y: 0 }, flow());
  edit((f) => addNodes(f, [created]));
  return created.id;
}

describe("document store", () => {
  beforeEach(() => {
    vi.useRealTimers();
    loadDocument(blankFlow(), null, null, false);
  });

  it("builds the seed flow with edits, each one undo step", () => {
    const start = addKind("start");
    const writer = addKind("agent", 250);
    const reviewer = addKind("human", 500);
    const end = addKind("end", 750);
    expect([start, writer, reviewer, end]).toEqual(["user", "agent_1", "human_1", "end"]);
    edit((f) => connect(f, { source: start, target: writer }).flow);
    edit((f) => connect(f, { source: writer, target: reviewer }).flow);
    edit((f) => connect(f, { source: reviewer, target: end }, { kind: "outcome", value: "approve" }).flow);
    edit((f) => connect(f, { source: reviewer, target: writer }, { kind: "otherwise" }).flow);
    expect(flow().edges.map((e) => [e.source, e.target, e.data.when?.kind ?? "always"])).toEqual([
      ["user", "agent_1", "always"],
      ["agent_1", "human_1", "always"],
      ["human_1", "end", "outcome"],
      ["human_1", "agent_1", "otherwise"],
    ]);
    expect(documentStore.temporal.getState().pastStates).toHaveLength(8);
    for (let i = 0; i < 8; i++) undo();
    expect(flow()).toEqual(blankFlow());
    for (let i = 0; i < 8; i++) redo();
    expect(flow().edges).toHaveLength(4);
  });

  it("refuses a duplicate plain edge", () => {
    const a = addKind("agent");
    const b = addKind("end");
    edit((f) => connect(f, { source: a, target: b }).flow);
    const before = flow();
    edit((f) => connect(f, { source: a, target: b }).flow);
    expect(flow()).toBe(before);
  });

  it("a drag is one undo step however many frames it moves", () => {
    const id = addKind("agent");
    const steps = documentStore.temporal.getState().pastStates.length;
    beginGesture();
    for (let x = 1; x <= 50; x++) edit((f) => setPositions(f, new Map([[id, { x, y: x * 2 }]])));
    endGesture();
    expect(node(id)?.position).toEqual({ x: 50, y: 100 });
    expect(documentStore.temporal.getState().pastStates).toHaveLength(steps + 1);
    undo();
    expect(node(id)?.position).toEqual({ x: 0, y: 0 });
    redo();
    expect(node(id)?.position).toEqual({ x: 50, y: 100 });
  });

  it("a gesture that moves nothing adds no step", () => {
    addKind("agent");
    const steps = documentStore.temporal.getState().pastStates.length;
    beginGesture();
    endGesture();
    expect(documentStore.temporal.getState().pastStates).toHaveLength(steps);
  });

  it("typing into one field is one step; another field is a new step", () => {
    vi.useFakeTimers();
    const id = addKind("agent");
    const steps = documentStore.temporal.getState().pastStates.length;
    for (const name of ["w", "wr", "wri", "writer"]) {
      vi.advanceTimersByTime(200);
      edit((f) => updateNodeData(f, id, { name }), `${id}.name`);
    }
    edit((f) => updateNodeData(f, id, { systemMessage: "Write." }), `${id}.systemMessage`);
    expect(documentStore.temporal.getState().pastStates).toHaveLength(steps + 2);
    vi.advanceTimersByTime(5000);
    edit((f) => updateNodeData(f, id, { name: "writer2" }), `${id}.name`);
    expect(documentStore.temporal.getState().pastStates).toHaveLength(steps + 3);
    undo();
    undo();
    expect(node(id)?.data).toMatchObject({ name: "writer", systemMessage: "" });
    undo();
    expect(node(id)?.data.name).toBe("agent_1");
  });

  it("optional fields set to undefined disappear from the document", () => {
    const id = addKind("agent");
    edit((f) => updateNodeData(f, id, { temperature: 0.5, maxVisits: 3 }));
    edit((f) => updateNodeData(f, id, { temperature: undefined }));
    expect(Object.keys(node(id)!.data)).not.toContain("temperature");
    expect(node(id)!.data).toMatchObject({ maxVisits: 3 });
  });

  it("deleting a node removes its edges, and undo brings both back", () => {
    loadDocument(templateById("writer-review")!.flow, "f1", 1, true);
    const before = flow();
    edit((f) => removeElements(f, new Set(["reviewer"]), new Set()));
    expect(flow().nodes.map((n) => n.id)).toEqual(["user", "writer", "end"]);
    expect(flow().edges.map((e) => e.id)).toEqual(["e_user_writer"]);
    undo();
    expect(flow()).toBe(before);
  });

  it("moves an edge earlier or later among the edges of its node only", () => {
    loadDocument(templateById("fallback")!.flow, "f1", 1, true);
    const order = () => flow().edges.filter((e) => e.source === "checker").map((e) => e.target);
    expect(order()).toEqual(["end", "worker", "operator"]);
    edit((f) => moveEdge(f, "e_checker_operator", -1));
    expect(order()).toEqual(["end", "operator", "worker"]);
    edit((f) => moveEdge(f, "e_checker_end", -1));
    expect(order()).toEqual(["end", "operator", "worker"]);
    edit((f) => moveEdge(f, "e_checker_end", 1));
    expect(order()).toEqual(["operator", "end", "worker"]);
    expect(flow().edges[0]!.id).toBe("e_user_worker");
  });

  it("sets and clears an edge's condition", () => {
    loadDocument(templateById("writer-review")!.flow, "f1", 1, true);
    edit((f) => setCondition(f, "e_writer_reviewer", { kind: "contains", value: "draft" }));
    expect(flow().edges[1]!.data).toEqual({ when: { kind: "contains", value: "draft" } });
    edit((f) => setCondition(f, "e_writer_reviewer", undefined));
    expect(flow().edges[1]!.data).toEqual({});
  });

  it("renaming an outcome renames the conditions that use it, and keeps its description", () => {
    loadDocument(templateById("writer-review")!.flow, "f1", 1, true);
    const [approve] = outcomesOf(node("reviewer"));
    edit((f) => renameOutcome(f, "reviewer", 0, "accept"));
    expect(node("reviewer")!.data).toMatchObject({ outcomes: [{ name: "accept", description: approve!.description }, { name: "revise" }] });
    expect(flow().edges.find((e) => e.id === "e_reviewer_end")!.data.when).toEqual({ kind: "outcome", value: "accept" });
  });

  it("renaming an outcome renames the outcome a quorum counts", () => {
    loadDocument(templateById("writer-review")!.flow, "f1", 1, true);
    edit((f) => updateNodeData(f, "reviewer", { quorum: { count: 2, outcome: "approve" } }));
    edit((f) => renameOutcome(f, "reviewer", 0, "accept"));
    expect(node("reviewer")!.data).toMatchObject({ quorum: { count: 2, outcome: "accept" } });
    edit((f) => renameOutcome(f, "reviewer", 1, "redo"));
    expect(node("reviewer")!.data).toMatchObject({ quorum: { count: 2, outcome: "accept" } });
  });

  it("renames an agent's outcome in the conditions of its own edges only", () => {
    const outcomes = [{ name: "pass", description: "good enough" }, { name: "fail", description: "" }];
    loadDocument(
      {
        ...blankFlow(),
        nodes: [
          { id: "qa", type: "agent", position: { x: 0, y: 0 }, data: { name: "qa", model: "m", systemMessage: "", outcomes } },
          { id: "other", type: "agent", position: { x: 0, y: 0 }, data: { name: "other", model: "m", systemMessage: "", outcomes } },
          { id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } },
        ],
        edges: [
          { id: "a", source: "qa", target: "end", data: { when: { kind: "outcome", value: "pass" } } },
          { id: "b", source: "other", target: "end", data: { when: { kind: "outcome", value: "pass" } } },
        ],
      },
      null,
      null,
      false,
    );
    edit((f) => renameOutcome(f, "qa", 0, "ok"));
    expect(node("qa")!.data).toMatchObject({ outcomes: [{ name: "ok", description: "good enough" }, { name: "fail" }] });
    expect(flow().edges.map((e) => e.data.when)).toEqual([
      { kind: "outcome", value: "ok" },
      { kind: "outcome", value: "pass" },
    ]);
  });

  it("a default outcome goes with the outcome removed, and an agent with none declares none", () => {
    loadDocument(templateById("writer-review")!.flow, "f1", 1, true);
    edit((f) => updateNodeData(f, "reviewer", { defaultOutcome: "approve" }));
    edit((f) => setOutcomes(f, "reviewer", [{ name: "revise", description: "" }]));
    expect(node("reviewer")!.data).not.toHaveProperty("defaultOutcome");
    edit((f) => setOutcomes(f, "writer", [{ name: "done", description: "" }]));
    edit((f) => setOutcomes(f, "writer", []));
    expect(node("writer")!.data).not.toHaveProperty("outcomes");
  });

  it("tells unsaved changes from the saved document, also after undo", () => {
    loadDocument(templateById("writer-review")!.flow, "f1", 1, true);
    const dirty = () => documentStore.getState().flow !== documentStore.getState().saved;
    expect(dirty()).toBe(false);
    edit((f) => updateNodeData(f, "writer", { name: "author" }));
    expect(dirty()).toBe(true);
    undo();
    expect(dirty()).toBe(false);
    redo();
    markSaved(flow(), 2, true);
    expect(dirty()).toBe(false);
    expect(documentStore.getState().version).toBe(2);
    expect(canUndo()).toBe(true);
  });

  it("loading a document clears the history", () => {
    addKind("agent");
    loadDocument(templateById("qa-review")!.flow, "f2", 3, true);
    expect(canUndo()).toBe(false);
  });
});
