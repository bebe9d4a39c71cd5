// The simulated person: a model plays whoever a human step asks, following the evaluation's
// instructions, and sees the question, the run's transcript and the step's outcomes. Its
// reply is read into an outcome the way the judge reads a structured answer.
import type { HumanAnswer, RunEvent, TranscriptMessage } from "@tandem/shared";
import { readAnswer, readingOutput } from "../engine/judge-prompt.js";
import type { ProviderRegistry } from "../providers/registry.js";
import { askStructured } from "./structured-call.js";

export const DEFAULT_INSTRUCTIONS = "You are a careful reviewer: approve work that does what was asked, ask for changes otherwise.";

type Question = Extract<RunEvent, { type: "human.requested" }>;

export async function simulatedAnswer(
  registry: ProviderRegistry,
  ref: string,
  instructions: string,
  question: Question,
  transcript: readonly TranscriptMessage[],
): Promise<HumanAnswer> {
  const outcomes = question.outcomes;
  const system = [
    "You play a person taking part in a workflow. Answer as they would, in their voice.",
    `Who you are and how you decide: ${instructions}`,
    "",
    `You are asked: ${question.instructions}`,
    outcomes.length ? `Choose one outcome:\n${outcomes.map((o) => `- ${o.name}${o.description ? `: ${o.description}` : ""}`).join("\n")}` : "",
    'Put what you say to the team in "reason".',
  ].join("\n");
  const { content, value } = await askStructured(registry, ref, { system, speaker: "simulated person", transcript, output: readingOutput(outcomes) });
  const said = typeof value.reason === "string" ? value.reason.trim() : "";
  const outcome = outcomes.length ? readAnswer(content, outcomes).outcome : null;
  return {
    ...(outcome !== null ? { outcome } : {}),
    // A step that takes no free text gets the outcome alone; one with no outcomes, the words alone.
    ...(said && (question.allowText || outcome === null) ? { text: said } : {}),
  };
}
