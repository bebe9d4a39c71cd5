// Sending a person's answer, or decision on a tool call or a run at its budget. Each submit has its own Idempotency-Key:
// a retry of it is safe, and an answer that shows up in the run's events with one of our keys was ours.
import type { BudgetDecision, HumanAnswer, ToolDecision } from "@tandem/shared";
import { ApiError } from "../api/client.js";
import { runsApi } from "../api/runs.js";
import { outcomeLabel } from "./outcomeLabel.js";

const sent = new Set<string>();

export function isOwnAnswer(key: string | undefined): boolean {
  return key !== undefined && sent.has(key);
}

/** `by`: the name this browser answers as (never empty: the card asks for it first). */
export async function submitAnswer(runId: string, requestId: string, answer: HumanAnswer, by: string): Promise<void> {
  await runsApi.answer(runId, requestId, { ...answer, by }, ownKey());
}

/** A decision on a tool call waiting for approval, sent the same way: one key per decision. */
export async function submitDecision(runId: string, requestId: string, decision: ToolDecision, by: string): Promise<void> {
  await runsApi.decide(runId, requestId, { ...decision, by }, ownKey());
}

/** A decision on a run at its budget, sent the same way. */
export async function submitBudget(runId: string, requestId: string, decision: BudgetDecision, by: string): Promise<void> {
  await runsApi.decideBudget(runId, requestId, { ...decision, by }, ownKey());
}

/** A key for one submit, remembered so that the event it makes reads as ours. */
function ownKey(): string {
  const key = crypto.randomUUID();
  sent.add(key);
  return key;
}

/** How a request was closed, from its answer's `by`: "answered by Ada", or its timeout. */
export function answeredNote(by: string): string {
  return by === "timeout" ? "timed out and took its default outcome" : `answered by ${by}`;
}

/** Why sending failed, as a sentence: "Already answered by Ada.", or for what is someone else's (403) "Not yours to answer: this question is for legal; you (bob) have designer." */
export function failureSentence(e: unknown): string {
  const message = (e as Error).message;
  const sentence = `${message}${/[.!?]$/.test(message) ? "" : "."}`;
  return e instanceof ApiError && e.status === 403 ? `Not yours to answer: ${sentence}` : outcomeLabel(sentence);
}
