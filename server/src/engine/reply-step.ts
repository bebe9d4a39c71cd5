// What a run does once a node has its reply: have it read by the judge, ask a person about
// the reading, or route. Decided from the run state alone, so a run rebuilt from its log after
// a restart goes on from the same point (and never reads a reply twice once reply.read is stored).
import { nodeRun, READING_WINDOW_SECONDS, type FlowEdge, type FlowNode, type RunState } from "@tandem/shared";
import type { JudgedNode } from "./deps.js";

export type ReplyStep = "read" | "ask" | "route";

/** The reply of the node's current visit: the last message, when the node wrote it. */
export function replyOf(state: RunState, nodeId: string): string | undefined {
  const last = state.messages[state.messages.length - 1];
  return last?.nodeId === nodeId ? last.content : undefined;
}

/** How long a person has to correct a reading of a human node's reply, in ms (0: no window). */
export function readingWindowMs(node: FlowNode): number {
  return node.type === "human" ? (node.data.readingWindowSeconds ?? READING_WINDOW_SECONDS) * 1000 : 0;
}

export function replyStep(state: RunState, node: JudgedNode, edges: readonly FlowEdge[]): ReplyStep {
  const ns = nodeRun(state, node.id)!;
  const reading = ns.reading;
  if (!reading) {
    // A picked outcome is the node's outcome; only free text whose outcome decides a route is read.
    const routesOnOutcome = (node.data.outcomes?.length ?? 0) > 0 && edges.some((e) => e.data.when?.kind === "outcome");
    return ns.outcome === undefined && routesOnOutcome && replyOf(state, node.id) !== undefined ? "read" : "route";
  }
  if (reading.asked) return "route";
  if (reading.outcome === null) return "ask";
  return node.type === "human" && (node.data.confirmReadings || readingWindowMs(node) > 0) ? "ask" : "route";
}
