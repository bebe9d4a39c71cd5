// When a question nobody answers escalates: each step of the node's chain fires once, in order,
// its time counted from when the question was asked. The engine's timers and the tasks list
// both read it from here, so they cannot disagree.
import type { EscalationStep } from "./people.js";

export interface NextEscalation {
  /** The step's index in the chain. */
  step: number;
  /** When it fires (epoch ms). */
  at: number;
  action: EscalationStep["action"];
}

/** The next step to fire for a request asked at `askedAt` that has had `fired` steps fire; none when the chain is done. */
export function nextEscalation(steps: readonly EscalationStep[] | undefined, askedAt: number, fired = 0): NextEscalation | undefined {
  const step = steps?.[fired];
  return step ? { step: fired, at: askedAt + step.afterSeconds * 1000, action: step.action } : undefined;
}

/** When the chain takes the node's default outcome, if it does. */
export function escalationDeadline(steps: readonly EscalationStep[] | undefined, askedAt: number): number | undefined {
  const last = steps?.find((s) => s.action === "default");
  return last ? askedAt + last.afterSeconds * 1000 : undefined;
}
