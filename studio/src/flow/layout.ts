// Auto-layout with dagre: left to right, in the order routing reads the graph, with room between
// the ranks for each edge's label (dagre gives a labelled edge a slot of the label's size).
import { Graph, layout } from "@dagrejs/dagre";
import type { Flow } from "@tandem/shared";
import { setPositions, type XY } from "./edits.js";
import { edgeLabel, labelSize, toReactFlow, type Size } from "./reactflow.js";

const DEFAULT_SIZE: Size = { width: 216, height: 100 };
const NO_VIEW = { selectedNodes: new Set<string>(), selectedEdges: new Set<string>(), measured: new Map<string, Size>() };

export function layoutFlow(flow: Flow, measured: ReadonlyMap<string, Size>): Flow {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 48, ranksep: 64, edgesep: 24, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of flow.nodes) {
    const size = measured.get(node.id) ?? DEFAULT_SIZE;
    g.setNode(node.id, { width: size.width, height: size.height });
  }
  // The labels as the canvas draws them ("2 · otherwise"), with a margin so the line shows beside them.
  const labels = new Map(toReactFlow(flow, NO_VIEW).edges.map((e) => [e.id, e.data ? edgeLabel(e.data) : ""]));
  for (const edge of flow.edges) {
    if (!g.hasNode(edge.source) || !g.hasNode(edge.target)) continue;
    const text = labels.get(edge.id);
    const size = text ? labelSize(text) : { width: 0, height: 0 };
    g.setEdge(edge.source, edge.target, text ? { width: size.width + 32, height: size.height + 8, labelpos: "c" } : {}, edge.id);
  }
  layout(g);
  const positions = new Map<string, XY>();
  for (const node of flow.nodes) {
    const laid = g.node(node.id);
    const size = measured.get(node.id) ?? DEFAULT_SIZE;
    // dagre gives centres; React Flow positions are top-left corners.
    positions.set(node.id, { x: Math.round(laid.x - size.width / 2), y: Math.round(laid.y - size.height / 2) });
  }
  return setPositions(flow, positions);
}
