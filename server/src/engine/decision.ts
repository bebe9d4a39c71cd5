// A person's decision on a tool call waiting for approval, checked as answers are: against the
// request that waits (exactly once), and edited arguments against the tool's schema.
import { requestOf, toolCallOf, valueProblems, type Actor, type RunEventBody, type RunState, type ToolDecision } from "@tandem/shared";
import { AnswerError } from "./errors.js";

/** What an event records of who did it: `by` for older readers, `actor` exactly (see people.ts). */
export interface Signed {
  by: string;
  actor?: Actor;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The tool.approved or tool.rejected event that decides `requestId`; throws AnswerError unless the call waits for it. */
export function decisionFor(state: RunState, requestId: string, decision: ToolDecision, signed: Signed, key?: string): RunEventBody {
  const call = state.approvals.map((id) => toolCallOf(state, id)!).find((c) => c.requestId === requestId);
  if (!call) {
    const known = requestOf(state, requestId);
    if (!known) throw new AnswerError("unknown_request", `run ${state.runId} has no request "${requestId}"`);
    if (known.answeredBy) throw new AnswerError("already_answered", `this request was already answered by ${known.answeredBy}`);
    throw new AnswerError("not_waiting", "the run is not waiting for this decision");
  }
  const ids = { nodeId: call.nodeId, callId: call.id, requestId, by: signed.by, ...(signed.actor ? { actor: signed.actor } : {}), ...(key ? { key } : {}) };
  if (decision.decision === "reject") {
    if (decision.arguments !== undefined) throw new AnswerError("invalid_answer", "arguments are changed only when approving", "arguments");
    return {
      type: "tool.rejected",
      ...ids,
      ...(decision.reason?.trim() ? { reason: decision.reason.trim() } : {}),
      ...(decision.result !== undefined ? { result: decision.result } : {}),
    };
  }
  if (decision.reason !== undefined || decision.result !== undefined) {
    throw new AnswerError("invalid_answer", "a reason or a result is given only when rejecting", decision.reason !== undefined ? "reason" : "result");
  }
  const edited = decision.arguments !== undefined && !same(decision.arguments, call.arguments) ? decision.arguments : undefined;
  if (edited !== undefined) {
    // A retry of a call that may have happened must be the same call, under the same key.
    if (call.reason === "unknown") throw new AnswerError("invalid_answer", "a call that may have run already is retried as it was: reject it instead", "arguments");
    const problems = valueProblems(call.parameters ?? {}, edited);
    if (problems.length > 0) throw new AnswerError("invalid_answer", `the arguments do not match the tool's schema: ${problems.join("; ")}`, "arguments");
  }
  return { type: "tool.approved", ...ids, ...(edited !== undefined ? { arguments: edited } : {}) };
}
