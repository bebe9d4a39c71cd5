// Which node visit a transcript message was said in: "re-run from here" on a reply re-runs that
// visit, and the API names it as { nodeId, visit }.
import type { NodeVisit, RunEvent } from "@tandem/shared";

/** The visit of `nodeId` under way at event `seq`: its last node.started at or before it. */
export function visitAt(events: readonly RunEvent[], nodeId: string, seq: number): NodeVisit | null {
  let visit = 0;
  for (const e of events) {
    if (e.seq > seq) break;
    if (e.type === "node.started" && e.nodeId === nodeId) visit = e.visit;
  }
  return visit ? { nodeId, visit } : null;
}
