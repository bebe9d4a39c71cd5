// While a question waits, time decides for nobody-answered: the node's escalation steps fire
// in order, each once, and a deadline takes the default outcome. Everything is read from the
// run's state (the steps fired so far, when it was asked), so after a restart the next step is
// the right one, and a step whose time passed while the server was down fires at once.
import { nextEscalation, requestOf, type FlowNode, type RunEventBody, type RunState } from "@tandem/shared";

/** What is due now for the waiting question (events to record), or when to look again (undefined: only an answer wakes it). */
export type WhileWaiting = { due: RunEventBody[] } | { wakeAt: number | undefined };

export function whileWaiting(state: RunState, node: FlowNode | undefined, now: number): WhileWaiting {
  const pending = state.pending!;
  const { requestId, nodeId, deadline, defaultOutcome } = pending;
  // A question about how a reply was read keeps its own window; escalation is for the node's question.
  const steps = node?.type === "human" && !pending.reading ? node.data.escalation : undefined;
  const next = nextEscalation(steps, pending.at, requestOf(state, requestId)?.escalations ?? 0);
  if (next && next.at <= now) {
    const step = steps![next.step]!;
    const escalated: RunEventBody = {
      type: "human.escalated",
      nodeId,
      requestId,
      step: next.step,
      action: step.action,
      ...(step.action === "reassign" ? { assignees: step.assignees } : {}),
    };
    const takesDefault = step.action === "default" && defaultOutcome !== undefined;
    return { due: takesDefault ? [escalated, { type: "human.timed_out", nodeId, requestId, outcome: defaultOutcome }] : [escalated] };
  }
  // A default step not yet fired comes first; the deadline is its time anyway.
  if (!next && deadline !== undefined && deadline <= now && defaultOutcome !== undefined) {
    return { due: [{ type: "human.timed_out", nodeId, requestId, outcome: defaultOutcome }] };
  }
  const wakeAt = Math.min(next?.at ?? Infinity, deadline ?? Infinity);
  return { wakeAt: Number.isFinite(wakeAt) ? wakeAt : undefined };
}
