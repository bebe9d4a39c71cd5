// Sending a person's answer. Each submit has its own Idempotency-Key: a retry of it is safe,
// and an answer that shows up in the run's events with one of our keys was ours.
import type { HumanAnswer } from "@tandem/shared";
import { runsApi } from "../api/runs.js";

const sent = new Set<string>();
const NAME_KEY = "tandem.answerName";
/** Who answers when no name is given. */
export const DEFAULT_BY = "someone (studio)";

export function isOwnAnswer(key: string | undefined): boolean {
  return key !== undefined && sent.has(key);
}

export async function submitAnswer(runId: string, requestId: string, answer: HumanAnswer, by: string): Promise<void> {
  const key = crypto.randomUUID();
  sent.add(key);
  localStorage.setItem(NAME_KEY, by);
  await runsApi.answer(runId, requestId, { ...answer, by: by.trim() || DEFAULT_BY }, key);
}

/** The name this browser answered with last. */
export function savedName(): string {
  return localStorage.getItem(NAME_KEY) ?? "";
}
