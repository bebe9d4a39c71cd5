// A flow that has been parsed and validated, as a run needs it. Only this module makes one, so
// a CheckedFlow in hand means the check is done: a run start checks its flow exactly once.
import { hasErrors, parseFlow, validateFlow, type Flow, type Problem } from "@tandem/shared";
import { FlowInvalidError } from "./errors.js";

declare const checked: unique symbol;

export type CheckedFlow = Flow & { readonly [checked]: true };

/**
 * A flow whose problems validateFlow has found already (a stored version carries them): runnable
 * when none is an error. Throws FlowInvalidError listing the errors, their paths under `at`.
 */
export function checkedFlow(flow: Flow, problems: readonly Problem[], at = ""): CheckedFlow {
  if (hasErrors(problems)) throw new FlowInvalidError(problems.filter((p) => p.severity === "error"), at);
  return flow as CheckedFlow;
}

/** Parses and validates a flow document (shape, then graph). */
export function checkFlowDocument(doc: unknown, at = ""): CheckedFlow {
  const parsed = parseFlow(doc);
  if (!parsed.ok) throw new FlowInvalidError(parsed.problems, at);
  return checkedFlow(parsed.flow, validateFlow(parsed.flow), at);
}
