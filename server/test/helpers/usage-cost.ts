// What a run's model calls cost by its log: every reply's usage at the model's list price. The
// tests' expected dollars, worked out apart from the engine's own sum.
import { costOf, priceOf, type RunEvent } from "@tandem/shared";
import { expect } from "vitest";

export function costFromUsage(events: readonly RunEvent[], model: string): number {
  const replies = events.filter((e): e is Extract<RunEvent, { type: "llm.response" }> => e.type === "llm.response");
  expect(replies.length).toBeGreaterThan(0);
  return replies.reduce((sum, e) => {
    expect(e.usage!.promptTokens).toBeGreaterThan(0);
    return sum + costOf(e.usage!, priceOf(model)!);
  }, 0);
}
