// Every change to a flow document, as pure functions from one Flow to the next. The document
// store applies them and keeps the history; unchanged nodes and edges keep their identity,
// which is what lets the canvas re-render only what changed.
import { outcomesOf, type EdgeCondition, type Flow, type FlowEdge, type FlowNode, type Outcome } from "@tandem/shared";
import { uniqueId } from "./ids.js";

export interface XY {
  x: number;
  y: number;
}

type DataPatch = Partial<Extract<FlowNode, { type: "agent" }>["data"]> | Partial<Extract<FlowNode, { type: "human" }>["data"]> | { name?: string };
export type FlowSettings = Partial<Pick<Flow, "name" | "description" | "maxSteps" | "budgetUsd" | "inputSchema">>;

/** Copies `patch` over `target`; a key set to undefined is removed, so optional fields disappear from the JSON. */
function assign<T extends object>(target: T, patch: object): T {
  const out: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out as T;
}

export function addNodes(flow: Flow, nodes: readonly FlowNode[], edges: readonly FlowEdge[] = []): Flow {
  return { ...flow, nodes: [...flow.nodes, ...nodes], edges: [...flow.edges, ...edges] };
}

/** Removes the nodes, the edges, and every edge attached to a removed node. */
export function removeElements(flow: Flow, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): Flow {
  if (nodeIds.size === 0 && edgeIds.size === 0) return flow;
  return {
    ...flow,
    nodes: flow.nodes.filter((n) => !nodeIds.has(n.id)),
    edges: flow.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
  };
}

export function setPositions(flow: Flow, positions: ReadonlyMap<string, XY>): Flow {
  let changed = false;
  const nodes = flow.nodes.map((node) => {
    const to = positions.get(node.id);
    if (!to || (to.x === node.position.x && to.y === node.position.y)) return node;
    changed = true;
    return { ...node, position: { x: to.x, y: to.y } };
  });
  return changed ? { ...flow, nodes } : flow;
}

export function updateNodeData(flow: Flow, id: string, patch: DataPatch): Flow {
  return {
    ...flow,
    nodes: flow.nodes.map((node) => (node.id === id ? ({ ...node, data: assign(node.data, patch) } as FlowNode) : node)),
  };
}

/** Sets a node's outcomes; a default outcome no longer declared is dropped. */
export function setOutcomes(flow: Flow, nodeId: string, outcomes: Outcome[]): Flow {
  const node = flow.nodes.find((n) => n.id === nodeId);
  if (node?.type === "agent") return updateNodeData(flow, nodeId, { outcomes: outcomes.length ? outcomes : undefined });
  if (node?.type !== "human") return flow;
  const kept = outcomes.some((o) => o.name === node.data.defaultOutcome);
  return updateNodeData(flow, nodeId, { outcomes, defaultOutcome: kept ? node.data.defaultOutcome : undefined });
}

/** Renames a node's outcome, its default, and the conditions of its edges that named it. */
export function renameOutcome(flow: Flow, nodeId: string, index: number, name: string): Flow {
  const node = flow.nodes.find((n) => n.id === nodeId);
  const old = outcomesOf(node)[index]?.name;
  if (!node || old === undefined) return flow;
  const outcomes = outcomesOf(node).map((o, i) => (i === index ? { ...o, name } : o));
  // A human node's default and the outcome its quorum counts follow the name.
  const human = node.type === "human" ? node.data : undefined;
  const next = updateNodeData(flow, nodeId, {
    outcomes,
    ...(human?.defaultOutcome === old && { defaultOutcome: name }),
    ...(human?.quorum?.outcome === old && { quorum: { ...human.quorum, outcome: name } }),
  });
  if (!name) return next;
  return {
    ...next,
    edges: next.edges.map((e) =>
      e.source === nodeId && e.data.when?.kind === "outcome" && e.data.when.value === old ? { ...e, data: { ...e.data, when: { kind: "outcome", value: name } } } : e,
    ),
  };
}

export interface Connection {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** Adds an edge; returns the flow unchanged when the same edge already exists. */
export function connect(flow: Flow, c: Connection, when?: EdgeCondition): { flow: Flow; edgeId?: string } {
  if (flow.edges.some((e) => e.source === c.source && e.target === c.target && !e.data.when && !when)) return { flow };
  const id = uniqueId(`e_${c.source}_${c.target}`, new Set(flow.edges.map((e) => e.id)));
  const edge: FlowEdge = { id, source: c.source, target: c.target, data: when ? { when } : {} };
  if (c.sourceHandle) edge.sourceHandle = c.sourceHandle;
  if (c.targetHandle) edge.targetHandle = c.targetHandle;
  return { flow: { ...flow, edges: [...flow.edges, edge] }, edgeId: id };
}

export function setCondition(flow: Flow, edgeId: string, when: EdgeCondition | undefined): Flow {
  return {
    ...flow,
    edges: flow.edges.map((e) => (e.id === edgeId ? { ...e, data: when ? { ...e.data, when } : assign(e.data, { when: undefined }) } : e)),
  };
}

/** Edges leaving `source`, in the order routing tries them. */
export function siblings(flow: Flow, source: string): FlowEdge[] {
  return flow.edges.filter((e) => e.source === source);
}

/** Swaps an edge with its previous (-1) or next (+1) sibling: routing tries edges in flow order. */
export function moveEdge(flow: Flow, edgeId: string, direction: -1 | 1): Flow {
  const edge = flow.edges.find((e) => e.id === edgeId);
  if (!edge) return flow;
  const group = siblings(flow, edge.source);
  const other = group[group.indexOf(edge) + direction];
  if (!other) return flow;
  const i = flow.edges.indexOf(edge);
  const j = flow.edges.indexOf(other);
  const edges = [...flow.edges];
  edges[i] = other;
  edges[j] = edge;
  return { ...flow, edges };
}

export function updateSettings(flow: Flow, patch: FlowSettings): Flow {
  return assign(flow, patch);
}
