// A tool call waiting for a person, as a person (or a program deciding in their place) sees it:
// the tool, its arguments and schema, why it asks, and what the agent said with the call.
import { toolCallOf, type ApprovalTask, type RunState } from "@tandem/shared";

export interface PendingApproval extends ApprovalTask {
  requestId: string;
  nodeId: string;
}

/** The call's approval as asked now, or undefined when it no longer waits. */
export function pendingApproval(state: RunState, callId: string): PendingApproval | undefined {
  const call = toolCallOf(state, callId);
  if (!call || call.status !== "awaiting" || !call.requestId || !state.approvals.includes(callId)) return undefined;
  // What the agent said with its calls: the turn's text, its reasoning so far.
  const turn = state.messages.findLast((m) => m.toolCalls?.some((c) => c.id === callId));
  return {
    requestId: call.requestId,
    nodeId: call.nodeId,
    callId,
    tool: call.name,
    ref: call.ref ?? "",
    arguments: call.arguments,
    parameters: call.parameters ?? { type: "object" },
    reason: call.reason ?? "policy",
    why: call.why ?? "",
    said: turn?.content ?? "",
  };
}
