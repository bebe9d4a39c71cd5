// A person's decision on a run at its budget: raise it (more than was spent), and the agent makes
// its call, or stop the run, which finishes cancelled, saying who stopped it and at what cost.
import { formatUsd, requestOf, type BudgetDecision, type RunEventBody, type RunState } from "@tandem/shared";
import { AnswerError } from "./errors.js";
import { signerFor, type Who } from "./people.js";

/** The events that record a person's decision on a run at its budget: budget.decided, and on "stop" the run's end; throws AnswerError. */
export function budgetEvents(state: RunState, requestId: string, answer: BudgetDecision, who: Who, key?: string): RunEventBody[] {
  const request = requestOf(state, requestId);
  if (!request?.budget) throw new AnswerError("unknown_request", `run ${state.runId} has no budget question "${requestId}"`);
  if (request.answeredBy) throw new AnswerError("already_answered", `this budget question was already decided by ${request.answeredBy}`);
  if (state.budgetWait !== requestId) throw new AnswerError("not_waiting", "the run is not waiting for this decision");
  const signed = signerFor(state, requestId, who);
  const spent = state.costUsd;
  const decided = {
    type: "budget.decided" as const,
    nodeId: request.nodeId,
    requestId,
    decision: answer.decision,
    by: signed.by,
    ...(signed.actor ? { actor: signed.actor } : {}),
    ...(key ? { key } : {}),
  };
  if (answer.decision === "stop") {
    if (answer.budgetUsd !== undefined) throw new AnswerError("invalid_answer", "budgetUsd is given only when raising the budget", "budgetUsd");
    const message = `stopped at its budget by ${signed.by}: spent ${formatUsd(spent)} of ${formatUsd(state.budgetUsd ?? 0)}`;
    return [decided, { type: "run.finished", status: "cancelled", error: { code: "budget", message } }];
  }
  if (answer.budgetUsd === undefined) throw new AnswerError("invalid_answer", "raising the budget needs the new budget (budgetUsd, in US dollars)", "budgetUsd");
  if (!(answer.budgetUsd > spent)) {
    throw new AnswerError("invalid_answer", `the new budget must be more than what the run has spent (${formatUsd(spent)})`, "budgetUsd");
  }
  return [{ ...decided, budgetUsd: answer.budgetUsd }];
}
