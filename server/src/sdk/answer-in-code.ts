// A program answering its run's people in code: onHuman for questions, onApproval for tool calls.
// A request with no hook leaves the run waiting for a person, as a closed terminal does.
import type { HumanAnswer, PendingHuman, RunState, ToolDecision } from "@tandem/shared";
import type { Run } from "../engine/run.js";
import { pendingApproval, type PendingApproval } from "../terminal/approval-task.js";

export interface CodeAnswers {
  /**
   * Answers human requests in code instead of the terminal. Free text from code is read by the
   * judge and its reading taken as is (answer with an `outcome` to choose the route yourself);
   * only a reading the judge was unsure of comes back (`request.reading`): answer it with an outcome.
   */
  onHuman?: (request: PendingHuman, state: RunState) => Promise<HumanAnswer> | HumanAnswer;
  /**
   * Decides tool calls waiting for approval in code: approve (with edited `arguments`, checked
   * against the tool's schema), or reject with a `reason` or a `result` given instead of the tool's.
   */
  onApproval?: (task: PendingApproval, state: RunState) => Promise<ToolDecision> | ToolDecision;
}

/** Drives the run to its end, or until it waits for what no hook answers; rejects with a hook's error. */
export async function answerInCode(run: Run, hooks: CodeAnswers): Promise<RunState> {
  const { onHuman, onApproval } = hooks;
  // A hook that throws, or gives an answer the run cannot take, would otherwise leave the run
  // waiting forever: the run is cancelled and the error rethrown.
  let failure: { error: unknown } | undefined;
  const fail = async (error: unknown) => {
    failure ??= { error };
    try {
      await run.control("cancel");
    } catch {
      // already finished
    }
  };
  let leftWaiting = (): void => {};
  const waiting = new Promise<RunState>((resolve) => (leftWaiting = () => (run.settle(), resolve(run.state))));
  // One decision at a time, in the order asked, as a person would take them.
  let queue = Promise.resolve();
  const unsubscribe = run.subscribe((e) => {
    if (e.type === "human.requested") {
      const pending = run.state.pending;
      if (pending?.requestId !== e.requestId) return;
      // A reading is taken as read; only one the judge was unsure of (no default) goes to onHuman.
      const reading = pending.reading && pending.defaultOutcome ? { outcome: pending.defaultOutcome } : undefined;
      if (!reading && !onHuman) return leftWaiting();
      queue = queue.then(async () => void (await run.answer(e.requestId, reading ?? (await onHuman!(pending, run.state)), "code"))).catch(fail);
    } else if (e.type === "tool.approval.requested") {
      if (!onApproval) return leftWaiting();
      queue = queue
        .then(async () => {
          const task = pendingApproval(run.state, e.callId);
          if (task) await run.decide(task.requestId, await onApproval(task, run.state), "code");
        })
        .catch(fail);
    }
  });
  try {
    const state = await Promise.race([run.done, waiting]);
    if (failure) throw failure.error;
    return state;
  } finally {
    unsubscribe();
  }
}
