// What changed between two versions of a flow: nodes and edges added, removed or changed (by id),
// and the flow's own settings, each change with its old and new value. The studio's history
// draws it on the canvas and lists it side by side. Moves are kept apart from changes: a node
// dragged elsewhere does the same work as before.
import type { Flow, FlowEdge, FlowNode } from "./flow.js";

/** One field that differs: `field` names it as the document does ("systemMessage", "when", "maxSteps"). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ChangedNode {
  id: string;
  /** The node as it is in the newer version. */
  node: FlowNode;
  changes: FieldChange[];
}

export interface ChangedEdge {
  id: string;
  edge: FlowEdge;
  changes: FieldChange[];
}

export interface FlowDiff {
  nodes: { added: FlowNode[]; removed: FlowNode[]; changed: ChangedNode[]; moved: string[] };
  edges: { added: FlowEdge[]; removed: FlowEdge[]; changed: ChangedEdge[] };
  /** The flow's name, description, step limit, HTTP tools. */
  settings: FieldChange[];
}

/** The difference from `before` to `after`. */
export function diffFlows(before: Flow, after: Flow): FlowDiff {
  const nodes = diffById(before.nodes, after.nodes, nodeChanges);
  const edges = diffById(before.edges, after.edges, edgeChanges);
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const moved = after.nodes.filter((n) => {
    const old = oldNodes.get(n.id);
    return old !== undefined && (old.position.x !== n.position.x || old.position.y !== n.position.y);
  });
  return {
    nodes: {
      added: nodes.added,
      removed: nodes.removed,
      changed: nodes.changed.map(({ item, changes }) => ({ id: item.id, node: item, changes })),
      moved: moved.map((n) => n.id),
    },
    edges: {
      added: edges.added,
      removed: edges.removed,
      changed: edges.changed.map(({ item, changes }) => ({ id: item.id, edge: item, changes })),
    },
    settings: fieldChanges(settingsOf(before), settingsOf(after)),
  };
}

/** Whether nothing but positions differs. */
export function isEmptyDiff(diff: FlowDiff): boolean {
  const { nodes, edges, settings } = diff;
  return [nodes.added, nodes.removed, nodes.changed, edges.added, edges.removed, edges.changed, settings].every((list) => list.length === 0);
}

function diffById<T extends { id: string }>(before: readonly T[], after: readonly T[], changesOf: (a: T, b: T) => FieldChange[]) {
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Set(after.map((x) => x.id));
  const added: T[] = [];
  const changed: { item: T; changes: FieldChange[] }[] = [];
  for (const item of after) {
    const was = old.get(item.id);
    if (!was) added.push(item);
    else {
      const changes = changesOf(was, item);
      if (changes.length) changed.push({ item, changes });
    }
  }
  return { added, removed: before.filter((x) => !now.has(x.id)), changed };
}

function nodeChanges(a: FlowNode, b: FlowNode): FieldChange[] {
  const kind = a.type === b.type ? [] : [{ field: "type", before: a.type, after: b.type }];
  return [...kind, ...fieldChanges(a.data, b.data)];
}

function edgeChanges(a: FlowEdge, b: FlowEdge): FieldChange[] {
  const ends = (e: FlowEdge) => ({ source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? undefined, targetHandle: e.targetHandle ?? undefined });
  return [...fieldChanges(ends(a), ends(b)), ...fieldChanges(a.data, b.data)];
}

function settingsOf(flow: Flow): Record<string, unknown> {
  // The id is the flow's, the same in every version; the schema version is the format's.
  const { nodes: _nodes, edges: _edges, id: _id, schemaVersion: _schema, ...settings } = flow;
  return settings;
}

/** The keys of either object whose values differ, in the order the newer object has them. */
function fieldChanges(before: object, after: object): FieldChange[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.filter((k) => !sameValue(a[k], b[k])).map((field) => ({ field, before: a[field], after: b[field] }));
}

/** Equal as JSON documents: key order does not matter, and a missing key equals an undefined one. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameValue(x, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].every((k) => sameValue(x[k], y[k]));
}
