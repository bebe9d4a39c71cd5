// Fallback when the system gets stuck: a node with an `on error` or `on stuck` edge does not fail
// the run; the run goes to the person at the end of that edge, who is told what happened and may
// have the node run again, answer in its place, fail the run, or route on as the person's own
// node does. What the person chose is read from the run's state, so any process can go on with it.
import { nodeRun, type FlowEdge, type FlowNode, type HumanRequestRecord, type RunProblem, type RunState } from "@tandem/shared";

/** Failures an `on error` edge catches: the model kept failing after its retries, a tool could not be had or failed. */
export const CAUGHT_FAILURES = new Set(["model_error", "tool_unavailable", "tool_failed"]);

/** Tool failures that count as the node failing (a bad call the model made is told to the model instead). */
export const FAILED_TOOL_CODES = new Set(["timeout", "unavailable", "error"]);

/** Whether the agent's reply is word for word its reply on its previous visit: it is going round without progress. */
export function repeatsItself(state: RunState, nodeId: string): boolean {
  const replies = state.messages.filter((m) => m.nodeId === nodeId && m.role === "assistant" && !m.toolCalls?.length);
  const [before, last] = replies.slice(-2);
  return (nodeRun(state, nodeId)?.visits ?? 0) > 1 && !!before && !!last && before.content.trim() === last.content.trim();
}

/** Whether routing out of the node failed because it, or where it leads, has used up its maxVisits. */
export function outOfVisits(state: RunState, node: FlowNode, exhausted: readonly string[]): boolean {
  const max = node.type === "agent" || node.type === "human" ? node.data.maxVisits : undefined;
  return exhausted.length > 0 || (max !== undefined && (nodeRun(state, node.id)?.visits ?? 0) >= max);
}

/**
 * The problem a fallback node asks about on this visit: the one the run just met, or (taken on
 * after a restart between the route and the question) one read from the edge that brought it here.
 */
export function problemFor(state: RunState, node: FlowNode, met: RunProblem | undefined, edges: readonly FlowEdge[]): RunProblem | undefined {
  const edge = edges.find((e) => e.id === state.lastEdgeId);
  const kind = edge?.data.when?.kind;
  if (!edge || edge.target !== node.id || (kind !== "error" && kind !== "stuck")) return undefined;
  if (met && met.nodeId === edge.source && met.kind === kind) return met;
  const from = state.flow.nodes.find((n) => n.id === edge.source);
  const name = from && from.type !== "start" && from.type !== "end" ? from.data.name : edge.source;
  return { kind, nodeId: edge.source, message: `${name} ${kind === "error" ? "failed" : "is stuck"} (see the run's events)` };
}

/** The node's request answered last, if that answer chose what to do about a problem. */
export function fallbackChosen(state: RunState, nodeId: string): (HumanRequestRecord & Required<Pick<HumanRequestRecord, "problem" | "fallback">>) | undefined {
  let last: HumanRequestRecord | undefined;
  for (const r of Object.values(state.requests)) {
    if (r.nodeId === nodeId && r.answerSeq !== undefined && (last?.answerSeq ?? 0) < r.answerSeq) last = r;
  }
  return last?.problem && last.fallback ? (last as ReturnType<typeof fallbackChosen>) : undefined;
}
