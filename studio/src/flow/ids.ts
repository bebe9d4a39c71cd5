// Readable ids for new nodes and edges ("agent_2", "e_writer_reviewer") that never collide.
import type { Flow } from "@tandem/shared";

/**
 * The ids a new node must not take: those of the nodes, and those that edges name though no node
 * has them. A new node under such an id would silently pick up an edge it was never given.
 */
export function takenNodeIds(flow: Pick<Flow, "nodes" | "edges">): Set<string> {
  const ids = new Set(flow.nodes.map((n) => n.id));
  for (const e of flow.edges) ids.add(e.source).add(e.target);
  return ids;
}

export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The first free "<prefix>_<n>", counting from 1, so the first agent is "agent_1". */
export function numberedId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}_${n}`;
    if (!taken.has(id)) return id;
  }
}
