// Copy and paste of a selection: the nodes and the edges between them, pasted with fresh ids
// and names so the copy never collides with what it was copied from.
import type { Flow, FlowEdge, FlowNode } from "@tandem/shared";
import { addNodes } from "./edits.js";
import { takenNodeIds, uniqueId } from "./ids.js";

export interface Fragment {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function copyFragment(flow: Pick<Flow, "nodes" | "edges">, nodeIds: ReadonlySet<string>): Fragment | null {
  const nodes = flow.nodes.filter((n) => nodeIds.has(n.id));
  if (nodes.length === 0) return null;
  return { nodes, edges: flow.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)) };
}

export function pasteFragment(flow: Flow, fragment: Fragment, offset: number): { flow: Flow; nodeIds: string[]; edgeIds: string[] } {
  const ids = takenNodeIds(flow);
  const names = new Set(flow.nodes.map((n) => n.data.name));
  const edgeIds = new Set(flow.edges.map((e) => e.id));
  const renamed = new Map<string, string>();
  const nodes = fragment.nodes.map((node) => {
    const id = uniqueId(node.id, ids);
    ids.add(id);
    renamed.set(node.id, id);
    const name = node.type === "end" ? node.data.name : uniqueId(node.data.name, names);
    names.add(name);
    return { ...node, id, position: { x: node.position.x + offset, y: node.position.y + offset }, data: { ...node.data, name } } as FlowNode;
  });
  const edges = fragment.edges.map((edge) => {
    const source = renamed.get(edge.source)!;
    const target = renamed.get(edge.target)!;
    const id = uniqueId(`e_${source}_${target}`, edgeIds);
    edgeIds.add(id);
    return { ...edge, id, source, target };
  });
  return { flow: addNodes(flow, nodes, edges), nodeIds: nodes.map((n) => n.id), edgeIds: edges.map((e) => e.id) };
}
