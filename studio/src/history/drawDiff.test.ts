// drawDiff: the drawing of two versions (ghosts of what was removed, a mark per element), and
// how changed fields read.
import { parseFlow, type Flow } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { drawDiff, fieldLabel, fieldText } from "./drawDiff.js";

function flow(nodes: unknown[], edges: unknown[]): Flow {
  const parsed = parseFlow({ schemaVersion: 2, nodes, edges });
  if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
  return parsed.flow;
}

const start = { id: "start", type: "start" };
const end = { id: "end", type: "end" };
const writer = (systemMessage: string) => ({ id: "writer", type: "agent", data: { name: "writer", model: "scripted/demo", systemMessage } });
const reviewer = { id: "reviewer", type: "human", data: { name: "reviewer" } };

describe("drawDiff", () => {
  it("draws the newer flow with the removed elements back as ghosts, each element marked", () => {
    const older = flow([start, writer("Write."), reviewer, end], [
      { id: "e1", source: "start", target: "writer" },
      { id: "e2", source: "writer", target: "reviewer" },
      { id: "e3", source: "reviewer", target: "end" },
    ]);
    const newer = flow([start, writer("Write briefly."), end, { id: "editor", type: "agent", data: { name: "editor", model: "scripted/demo" } }], [
      { id: "e1", source: "start", target: "writer", data: { when: { kind: "always" } } },
      { id: "e4", source: "writer", target: "editor" },
      { id: "e5", source: "editor", target: "end" },
    ]);
    const drawing = drawDiff(older, newer);
    expect(drawing.flow.nodes.map((n) => n.id)).toEqual(["start", "writer", "end", "editor", "reviewer"]);
    expect(drawing.flow.edges.map((e) => e.id)).toEqual(["e1", "e4", "e5", "e2", "e3"]);
    expect(Object.fromEntries(drawing.nodes)).toEqual({ editor: "added", reviewer: "removed", writer: "changed" });
    expect(Object.fromEntries(drawing.edges)).toEqual({ e4: "added", e5: "added", e2: "removed", e3: "removed", e1: "changed" });
  });

  it("marks nothing between a version and itself", () => {
    const same = flow([start, end], [{ id: "e1", source: "start", target: "end" }]);
    const drawing = drawDiff(same, structuredClone(same));
    expect(drawing.nodes.size + drawing.edges.size).toBe(0);
    expect(drawing.flow.nodes).toHaveLength(2);
  });
});

describe("how a changed field reads", () => {
  it("labels fields in words", () => {
    expect(fieldLabel("systemMessage")).toBe("System message");
    expect(fieldLabel("when")).toBe("Condition");
    expect(fieldLabel("firstTokenTimeoutSeconds")).toBe("First token timeout seconds");
  });

  it("shows conditions as the canvas does, text as it is, the rest as JSON", () => {
    expect(fieldText("when", { kind: "outcome", value: "approve" })).toBe("approve");
    expect(fieldText("when", undefined)).toBe("(not set)");
    expect(fieldText("when", { kind: "always" })).toBe("always");
    expect(fieldText("systemMessage", "")).toBe("(empty)");
    expect(fieldText("maxSteps", 40)).toBe("40");
    expect(fieldText("outcomes", [{ name: "approve" }])).toBe('[\n  {\n    "name": "approve"\n  }\n]');
  });
});
