import { parseFlow, templates, type Flow } from "@tandem/shared";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { layoutFlow } from "./layout.js";
import { edgeLabel, labelSize, toReactFlow } from "./reactflow.js";

const example = parseFlow(JSON.parse(readFileSync(new URL("../../../examples/hitl-review.flow.json", import.meta.url), "utf8")));
if (!example.ok) throw new Error("the example flow does not parse");
const flows: [string, Flow][] = [...templates.map((t) => [t.id, t.flow] as [string, Flow]), ["example", example.flow]];
const stacked = (flow: Flow): Flow => ({ ...flow, nodes: flow.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) });
const SIZE = { width: 216, height: 100 };

describe("auto-layout", () => {
  it("lays a flow out left to right in routing order, without overlaps", () => {
    const flow = templates.find((t) => t.id === "qa-review")!.flow;
    const laid = layoutFlow(stacked(flow), new Map());
    const x = (id: string) => laid.nodes.find((n) => n.id === id)!.position.x;
    expect(x("user")).toBeLessThan(x("author"));
    expect(x("author")).toBeLessThan(x("qa"));
    expect(x("qa")).toBeLessThan(x("signoff"));
    expect(x("signoff")).toBeLessThan(x("end"));
    const boxes = laid.nodes.map((n) => n.position);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= 216 || Math.abs(a.y - b.y) >= 100).toBe(true);
    }
    expect(laid.edges).toBe(flow.edges);
  });

  // Flows whose edges carry conditions, so some edges have labels to make room for.
  it.each(flows.filter(([, flow]) => flow.edges.some((e) => e.data.when)))("%s: leaves room between nodes for each forward edge's whole label, with line showing beside it", (_, flow) => {
    const laid = layoutFlow(stacked(flow), new Map());
    const at = (id: string) => laid.nodes.find((n) => n.id === id)!.position;
    const { edges } = toReactFlow(laid, { selectedNodes: new Set(), selectedEdges: new Set(), measured: new Map() });
    const labelled = edges.filter((e) => edgeLabel(e.data!) && at(e.target).x > at(e.source).x);
    expect(labelled.length).toBeGreaterThan(0);
    for (const e of labelled) {
      const gap = at(e.target).x - (at(e.source).x + SIZE.width);
      expect(gap, `${e.id}: ${edgeLabel(e.data!)}`).toBeGreaterThanOrEqual(labelSize(edgeLabel(e.data!)).width + 32);
    }
  });
});
