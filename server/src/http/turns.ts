// Checking and storing a big document takes tens of milliseconds; done in one go it holds
// every other request and stream. These give the event loop a turn between the slices.
import { parseFlowSteps, type ParseResult } from "@tandem/shared";

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** parseFlow, with a turn of the event loop between its slices. */
export async function parseFlowInTurns(input: unknown): Promise<ParseResult> {
  const steps = parseFlowSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}
