// The flow document as React Flow state and back. Nodes and edges already have React Flow's
// shape, so this only adds view state (selection, measured size, labels) and strips it again.
// Results are cached by document object, so an edit re-creates only the nodes it touched
// and React Flow re-renders only those (what keeps a 1,000-node flow smooth).
// Nodes carry their size and handles (estimated until React Flow has measured them), so that
// React Flow need not draw every node of a big flow once just to measure it: it draws what is
// in view, and measures those.
import { conditionLabel, type EdgeCondition, type Flow, type FlowEdge, type FlowNode, type NodeKind } from "@tandem/shared";
import type { Edge, Node, NodeHandle, Position } from "@xyflow/react";

export type CanvasNode = { [K in NodeKind]: Node<Extract<FlowNode, { type: K }>["data"], K> }[NodeKind] | MissingNode;
/** Stands in, on the canvas only, for a node an edge names but the flow lacks, so the edge is drawn. */
export type MissingNode = Node<{ name: string }, "missing">;

export interface EdgeView extends Record<string, unknown> {
  when?: EdgeCondition;
  /** 1-based place among the edges leaving the same node: the order routing tries them. */
  order: number;
  siblings: number;
}
export type CanvasEdge = Edge<EdgeView, "condition">;

export interface Size {
  width: number;
  height: number;
}

export interface ViewState {
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  measured: ReadonlyMap<string, Size>;
}

export const KIND_LABEL: Record<NodeKind, string> = { start: "Start", agent: "Agent", human: "Human", end: "End" };

/** Close to the drawn sizes (styles/nodes.css); replaced by the real size once measured. */
const ESTIMATED_SIZE: Record<NodeKind, Size> = {
  start: { width: 152, height: 74 },
  agent: { width: 216, height: 116 },
  human: { width: 216, height: 136 },
  end: { width: 152, height: 74 },
};
const MISSING_SIZE: Size = { width: 152, height: 64 };
/** How far a missing node stands from the node its edge does have. */
const MISSING_GAP = 140;
/** The handles of styles/nodes.css: 10 px, centred on the left and right borders. */
const HANDLE = 10;

function handlesOf(kind: NodeKind, size: Size): NodeHandle[] {
  const y = size.height / 2 - HANDLE / 2;
  const handles: NodeHandle[] = [];
  if (kind !== "start") handles.push({ type: "target", position: "left" as Position, x: -HANDLE / 2, y, width: HANDLE, height: HANDLE });
  if (kind !== "end") handles.push({ type: "source", position: "right" as Position, x: size.width - HANDLE / 2, y, width: HANDLE, height: HANDLE });
  return handles;
}

const nodeCache = new WeakMap<FlowNode, CanvasNode>();
const edgeCache = new WeakMap<FlowEdge, CanvasEdge>();

function toCanvasNode(node: FlowNode, selected: boolean, measured: Size | undefined): CanvasNode {
  const hit = nodeCache.get(node);
  if (hit && hit.selected === selected && hit.measured === (measured ?? ESTIMATED_SIZE[node.type])) return hit;
  const size = measured ?? ESTIMATED_SIZE[node.type];
  const view = {
    id: node.id,
    type: node.type,
    position: node.position,
    data: node.data,
    selected,
    ariaLabel: `${KIND_LABEL[node.type]} node ${node.data.name}`,
    measured: size,
    handles: handlesOf(node.type, size),
  } as CanvasNode;
  nodeCache.set(node, view);
  return view;
}

/** How an edge reads on the canvas: "1 · approve" when its node has several edges, else just the condition. */
export function edgeLabel(view: Pick<EdgeView, "when" | "order" | "siblings">): string {
  const condition = conditionLabel(view.when);
  if (view.siblings < 2) return condition;
  return condition ? `${view.order} · ${condition}` : `${view.order} · always`;
}

/** About the drawn size of an edge label (styles/nodes.css: 12 px text, 8 px padding each side), for placing it and laying out room for it. */
export function labelSize(text: string): Size {
  return { width: Math.ceil(text.length * 7) + 20, height: 22 };
}

function toCanvasEdge(edge: FlowEdge, selected: boolean, order: number, siblings: number): CanvasEdge {
  const hit = edgeCache.get(edge);
  if (hit && hit.selected === selected && hit.data?.order === order && hit.data.siblings === siblings) return hit;
  const data: EdgeView = { order, siblings, ...(edge.data.when ? { when: edge.data.when } : {}) };
  const view: CanvasEdge = {
    id: edge.id,
    type: "condition",
    source: edge.source,
    target: edge.target,
    data,
    selected,
    ariaLabel: `Edge from ${edge.source} to ${edge.target}${edgeLabel(data) ? `: ${edgeLabel(data)}` : ""}`,
    ...(edge.sourceHandle != null ? { sourceHandle: edge.sourceHandle } : {}),
    ...(edge.targetHandle != null ? { targetHandle: edge.targetHandle } : {}),
  };
  edgeCache.set(edge, view);
  return view;
}

/**
 * A node for each id that edges name but the flow lacks (React Flow draws no edge without both
 * ends), beside the end the edge has: such an edge can then be seen, selected and deleted.
 */
function missingNodes(flow: Flow, view: ViewState): MissingNode[] {
  const present = new Map(flow.nodes.map((n) => [n.id, n]));
  const missing = new Map<string, MissingNode>();
  const sizeOf = (n: FlowNode) => view.measured.get(n.id) ?? ESTIMATED_SIZE[n.type];
  for (const e of flow.edges) {
    const source = present.get(e.source);
    const target = present.get(e.target);
    for (const [id, anchor, side] of [
      [e.target, source, 1],
      [e.source, target, -1],
    ] as const) {
      if (present.has(id) || missing.has(id)) continue;
      const position = anchor
        ? { x: side > 0 ? anchor.position.x + sizeOf(anchor).width + MISSING_GAP : anchor.position.x - MISSING_GAP - MISSING_SIZE.width, y: anchor.position.y }
        : { x: 0, y: -MISSING_GAP };
      missing.set(id, {
        id,
        type: "missing",
        position,
        data: { name: id },
        selectable: false,
        draggable: false,
        deletable: false,
        connectable: false,
        ariaLabel: `Missing node ${id}`,
        measured: view.measured.get(id) ?? MISSING_SIZE,
        handles: handlesOf("agent", view.measured.get(id) ?? MISSING_SIZE),
      });
    }
  }
  return [...missing.values()];
}

export function toReactFlow(flow: Flow, view: ViewState): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const drawn = flow.nodes.map((n) => toCanvasNode(n, view.selectedNodes.has(n.id), view.measured.get(n.id)));
  const missing = missingNodes(flow, view);
  const nodes = missing.length ? [...drawn, ...missing] : drawn;
  const counts = new Map<string, number>();
  for (const e of flow.edges) counts.set(e.source, (counts.get(e.source) ?? 0) + 1);
  const seen = new Map<string, number>();
  const edges = flow.edges.map((e) => {
    const order = (seen.get(e.source) ?? 0) + 1;
    seen.set(e.source, order);
    return toCanvasEdge(e, view.selectedEdges.has(e.id), order, counts.get(e.source)!);
  });
  return { nodes, edges };
}

/** Back from React Flow state to a document: `settings` gives everything but the graph. */
export function toFlow(settings: Omit<Flow, "nodes" | "edges">, nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): Flow {
  return {
    ...settings,
    nodes: nodes.filter((n) => n.type !== "missing").map((n) => ({ id: n.id, type: n.type, position: { x: n.position.x, y: n.position.y }, data: n.data }) as FlowNode),
    edges: edges.map((e) => {
      const out: FlowEdge = { id: e.id, source: e.source, target: e.target, data: e.data?.when ? { when: e.data.when } : {} };
      if (e.sourceHandle != null) out.sourceHandle = e.sourceHandle;
      if (e.targetHandle != null) out.targetHandle = e.targetHandle;
      return out;
    }),
  };
}
