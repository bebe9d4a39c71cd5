import { templates, type Flow } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { setPositions } from "./edits.js";
import { edgeLabel, toFlow, toReactFlow, type ViewState } from "./reactflow.js";

const view = (over: Partial<ViewState> = {}): ViewState => ({ selectedNodes: new Set(), selectedEdges: new Set(), measured: new Map(), ...over });

function settings(flow: Flow): Omit<Flow, "nodes" | "edges"> {
  const { nodes: _n, edges: _e, ...rest } = flow;
  return rest;
}

describe("flow ⇄ React Flow state", () => {
  it.each(templates.map((t) => [t.id, t.flow] as const))("%s survives the round trip unchanged", (_, flow) => {
    const measured = new Map(flow.nodes.map((n) => [n.id, { width: 220, height: 80 }]));
    const state = toReactFlow(flow, view({ selectedNodes: new Set([flow.nodes[1]!.id]), selectedEdges: new Set([flow.edges[0]!.id]), measured }));
    const back = toFlow(settings(flow), state.nodes, state.edges);
    expect(back).toEqual(flow);
    expect(JSON.stringify(back)).toBe(JSON.stringify(flow));
  });

  it("keeps edge handles through the round trip", () => {
    const flow = structuredClone(templates[0]!.flow);
    flow.edges[0]!.sourceHandle = "out";
    const state = toReactFlow(flow, view());
    expect(toFlow(settings(flow), state.nodes, state.edges)).toEqual(flow);
  });

  it("numbers edges among the edges of the same node", () => {
    const flow = templates.find((t) => t.id === "fallback")!.flow;
    const labels = toReactFlow(flow, view()).edges.map((e) => edgeLabel(e.data!));
    expect(labels).toEqual(["", "", "1 · contains: verdict: pass", "2 · otherwise", "3 · otherwise", ""]);
  });

  it("re-creates only the nodes an edit touched", () => {
    const flow = templates[0]!.flow;
    const first = toReactFlow(flow, view());
    const moved = setPositions(flow, new Map([["writer", { x: 1, y: 2 }]]));
    const second = toReactFlow(moved, view());
    expect(second.nodes.map((n, i) => n === first.nodes[i])).toEqual([true, false, true, true]);
    expect(second.edges.every((e, i) => e === first.edges[i])).toBe(true);
    const selected = toReactFlow(moved, view({ selectedNodes: new Set(["end"]) }));
    expect(selected.nodes[3]).not.toBe(second.nodes[3]);
    expect(selected.nodes[3]!.selected).toBe(true);
  });

  it("draws an edge to a node the flow lacks against a stand-in beside its source, never saved", () => {
    const flow = structuredClone(templates.find((t) => t.id === "writer-review")!.flow);
    flow.nodes = flow.nodes.filter((n) => n.id !== "end");
    const state = toReactFlow(flow, view());
    const missing = state.nodes.filter((n) => n.type === "missing");
    expect(missing.map((n) => [n.id, n.selectable, n.deletable, n.draggable])).toEqual([["end", false, false, false]]);
    const reviewer = flow.nodes.find((n) => n.id === "reviewer")!;
    expect(missing[0]!.position.x).toBeGreaterThan(reviewer.position.x + 216);
    expect(state.edges.map((e) => e.target)).toContain("end");
    expect(toFlow(settings(flow), state.nodes, state.edges)).toEqual(flow);
  });
});
