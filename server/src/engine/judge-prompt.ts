// What a judge model is asked (the outcomes, the reviewed message, the reply) and how its
// structured answer is read: anything but a declared outcome is no outcome, with a reason.
import type { Outcome, ReplyReading } from "@tandem/shared";
import type { StructuredOutput } from "../providers/types.js";

/** The answer a model gives when no outcome fits for sure. */
const UNSURE = "unsure";
/** The reviewed message is context, not what is judged: a long draft is cut to this many characters. */
const REVIEWED_CHARS = 2000;

export function readingOutput(outcomes: readonly Outcome[]): StructuredOutput {
  return {
    name: "reading",
    strict: true,
    schema: {
      type: "object",
      properties: {
        outcome: { type: "string", enum: [...outcomes.map((o) => o.name), UNSURE] },
        reason: { type: "string" },
      },
      required: ["outcome", "reason"],
      additionalProperties: false,
    },
  };
}

export function readingPrompt(outcomes: readonly Outcome[], reply: string, reviewed: string | undefined): string {
  const list = outcomes.map((o) => `- ${o.name}${o.description ? `: ${o.description}` : ""}`).join("\n");
  const clipped = reviewed && reviewed.length > REVIEWED_CHARS ? `${reviewed.slice(0, REVIEWED_CHARS)}…` : reviewed;
  return [
    "You read a reply in a workflow and decide which outcome it means. The outcomes:",
    list,
    `Answer "${UNSURE}" when the reply does not clearly mean exactly one of them; never guess.`,
    'Give the reason in a few plain words a person reads, e.g. "asks for a shorter version".',
    ...(clipped ? ["", "The message under review:", "<<<", clipped, ">>>"] : []),
    "",
    "The reply to read:",
    "<<<",
    reply,
    ">>>",
  ].join("\n");
}

/** The model's answer as a reading: its outcome spelled as the node declares it, or null and why. */
export function readAnswer(content: string, outcomes: readonly Outcome[]): ReplyReading {
  if (!content.trim()) return { outcome: null, reason: "the judge gave an empty answer" };
  let answer: unknown;
  try {
    answer = JSON.parse(content);
  } catch {
    return { outcome: null, reason: "the judge's answer was not valid JSON" };
  }
  const { outcome, reason } = (typeof answer === "object" && answer !== null ? answer : {}) as Record<string, unknown>;
  if (typeof outcome !== "string") return { outcome: null, reason: "the judge's answer named no outcome" };
  const why = typeof reason === "string" ? reason.trim() : "";
  if (outcome.toLowerCase() === UNSURE) return { outcome: null, reason: `the judge was not sure${why ? `: ${why}` : ""}` };
  const declared = outcomes.find((o) => o.name.toLowerCase() === outcome.toLowerCase());
  if (!declared) return { outcome: null, reason: `the judge answered "${outcome.slice(0, 64)}", which is not one of this step's outcomes` };
  return { outcome: declared.name, reason: why || `read as ${declared.name}` };
}
