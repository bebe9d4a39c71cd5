// Auto-layout with dagre: left to right, in the order routing reads the graph.
import { Graph, layout } from "@dagrejs/dagre";
import type { Flow } from "@tandem/shared";
import { setPositions, type XY } from "./edits.js";
import type { Size } from "./reactflow.js";

const DEFAULT_SIZE: Size = { width: 216, height: 100 };

export function layoutFlow(flow: Flow, measured: ReadonlyMap<string, Size>): Flow {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 48, ranksep: 96, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of flow.nodes) {
    const size = measured.get(node.id) ?? DEFAULT_SIZE;
    g.setNode(node.id, { width: size.width, height: size.height });
  }
  for (const edge of flow.edges) {
    if (g.hasNode(edge.source) && g.hasNode(edge.target)) g.setEdge(edge.source, edge.target, {}, edge.id);
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
