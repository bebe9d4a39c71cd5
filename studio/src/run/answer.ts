// Sending a person's answer. Each submit has its own Idempotency-Key: a retry of it is safe,
// and an answer that shows up in the run's events with one of our keys was ours.
import type { HumanAnswer } from "@tandem/shared";
import { runsApi } from "../api/runs.js";

const sent = new Set<string>();

export function isOwnAnswer(key: string | undefined): boolean {
  return key !== undefined && sent.has(key);
}

/** `by`: the name this browser answers as (never empty: the card asks for it first). */
export async function submitAnswer(runId: string, requestId: string, answer: HumanAnswer, by: string): Promise<void> {
  const key = crypto.randomUUID();
  sent.add(key);
  await runsApi.answer(runId, requestId, { ...answer, by }, key);
}

/** How a request was closed, from its answer's `by`: "answered by Ada", or its timeout. */
export function answeredNote(by: string): string {
  return by === "timeout" ? "timed out and took its default outcome" : `answered by ${by}`;
}
