// diffFlows: what it finds added, removed, changed and moved between two versions of a flow.
import { describe, expect, it } from "vitest";
import type { Flow } from "./flow.js";
import { diffFlows, isEmptyDiff } from "./flow-diff.js";
import { parseFlow } from "./parse.js";

function flow(doc: unknown): Flow {
  const parsed = parseFlow(doc);
  if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
  return parsed.flow;
}

/** start → writer → reviewer; approve → end, otherwise → writer. */
const v1 = flow({
  schemaVersion: 2,
  name: "Review",
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 } },
    { id: "writer", type: "agent", position: { x: 200, y: 0 }, data: { name: "writer", model: "scripted/demo", systemMessage: "Write." } },
    { id: "reviewer", type: "human", position: { x: 400, y: 0 }, data: { name: "reviewer", outcomes: [{ name: "approve" }, { name: "revise" }] } },
    { id: "end", type: "end", position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "start", target: "writer" },
    { id: "e2", source: "writer", target: "reviewer" },
    { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
    { id: "e4", source: "reviewer", target: "writer", data: { when: { kind: "otherwise" } } },
  ],
});

/** v1 with `change` applied to a deep copy. */
function edited(change: (doc: Flow) => void): Flow {
  const doc = structuredClone(v1);
  change(doc);
  return doc;
}

describe("diffFlows", () => {
  it("finds nothing between a flow and a copy of it, whatever the key order", () => {
    const reversed = (x: unknown): unknown =>
      Array.isArray(x) ? x.map(reversed) : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, reversed(v)])) : x;
    const copy = reversed(v1) as Flow;
    expect(Object.keys(copy.nodes[1]!.data)[0]).not.toBe(Object.keys(v1.nodes[1]!.data)[0]);
    const diff = diffFlows(v1, copy);
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diff.nodes.moved).toEqual([]);
  });

  it("names a changed node's fields with their old and new values", () => {
    const after = edited((d) => {
      const writer = d.nodes[1]!;
      if (writer.type !== "agent") throw new Error("writer is an agent");
      writer.data.systemMessage = "Write briefly.";
      writer.data.model = "openai/gpt-4o-mini";
      writer.data.temperature = 0.2;
    });
    const diff = diffFlows(v1, after);
    expect(diff.nodes.changed).toHaveLength(1);
    expect(diff.nodes.changed[0]!.id).toBe("writer");
    expect(diff.nodes.changed[0]!.changes).toEqual([
      { field: "model", before: "scripted/demo", after: "openai/gpt-4o-mini" },
      { field: "systemMessage", before: "Write.", after: "Write briefly." },
      { field: "temperature", before: undefined, after: 0.2 },
    ]);
    expect(diff.nodes.added).toEqual([]);
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.edges).toEqual({ added: [], removed: [], changed: [] });
  });

  it("finds nodes and edges added and removed by id, each whole", () => {
    const after = edited((d) => {
      d.nodes.splice(2, 1); // the reviewer goes, with its edges
      d.edges = d.edges.filter((e) => e.source !== "reviewer" && e.target !== "reviewer");
      d.nodes.push({ id: "editor", type: "agent", position: { x: 400, y: 100 }, data: { name: "editor", model: "scripted/demo", systemMessage: "" } });
      d.edges.push({ id: "e5", source: "writer", target: "editor", data: {} }, { id: "e6", source: "editor", target: "end", data: {} });
    });
    const diff = diffFlows(v1, after);
    expect(diff.nodes.added.map((n) => n.id)).toEqual(["editor"]);
    expect(diff.nodes.removed.map((n) => n.id)).toEqual(["reviewer"]);
    expect(diff.edges.added.map((e) => e.id)).toEqual(["e5", "e6"]);
    expect(diff.edges.removed.map((e) => e.id)).toEqual(["e2", "e3", "e4"]);
    expect(diff.nodes.changed).toEqual([]);
  });

  it("reads a node whose kind changed under the same id as changed, naming the type", () => {
    const after = edited((d) => {
      d.nodes[2] = { id: "reviewer", type: "agent", position: { x: 400, y: 0 }, data: { name: "reviewer", model: "scripted/demo", systemMessage: "Review." } };
    });
    const change = diffFlows(v1, after).nodes.changed[0]!;
    expect(change.id).toBe("reviewer");
    expect(change.changes[0]).toEqual({ field: "type", before: "human", after: "agent" });
    expect(change.changes.map((c) => c.field)).toContain("systemMessage");
  });

  it("finds an edge's changed condition and a re-pointed end", () => {
    const after = edited((d) => {
      d.edges[2]!.data = { when: { kind: "contains", value: "LGTM" } };
      d.edges[3]!.target = "start";
    });
    const diff = diffFlows(v1, after);
    expect(diff.edges.changed).toEqual([
      { id: "e3", edge: after.edges[2], changes: [{ field: "when", before: { kind: "outcome", value: "approve" }, after: { kind: "contains", value: "LGTM" } }] },
      { id: "e4", edge: after.edges[3], changes: [{ field: "target", before: "writer", after: "start" }] },
    ]);
  });

  it("lists the flow's own settings that changed, not its id or nodes", () => {
    const after = edited((d) => {
      d.name = "Review, shorter";
      d.maxSteps = 40;
      d.description = "Writes and asks a person.";
      d.id = "another";
    });
    expect(diffFlows(v1, after).settings).toEqual([
      { field: "name", before: "Review", after: "Review, shorter" },
      { field: "maxSteps", before: 100, after: 40 },
      { field: "description", before: undefined, after: "Writes and asks a person." },
    ]);
  });

  it("keeps moves apart from changes: a dragged node is moved, not changed", () => {
    const after = edited((d) => {
      d.nodes[1]!.position = { x: 220, y: 40 };
    });
    const diff = diffFlows(v1, after);
    expect(diff.nodes.moved).toEqual(["writer"]);
    expect(diff.nodes.changed).toEqual([]);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it("sees a change deep inside a node's list (an outcome renamed)", () => {
    const after = edited((d) => {
      const reviewer = d.nodes[2]!;
      if (reviewer.type !== "human") throw new Error("reviewer is a human node");
      reviewer.data.outcomes = [{ name: "approve", description: "" }, { name: "rework", description: "" }];
    });
    const [change] = diffFlows(v1, after).nodes.changed;
    expect(change!.changes).toEqual([
      { field: "outcomes", before: [{ name: "approve", description: "" }, { name: "revise", description: "" }], after: [{ name: "approve", description: "" }, { name: "rework", description: "" }] },
    ]);
  });
});
