// The judge scorer's verdict: a model reads the case's input and output against the rubric and
// says pass or fail, with a reason.
import type { Verdict } from "@tandem/shared";
import type { ProviderRegistry } from "../providers/registry.js";
import { askStructured } from "./structured-call.js";

const OUTPUT = {
  name: "verdict",
  strict: true,
  schema: {
    type: "object",
    properties: { verdict: { type: "string", enum: ["pass", "fail"] }, reason: { type: "string" } },
    required: ["verdict", "reason"],
    additionalProperties: false,
  },
};

export async function judgeVerdict(registry: ProviderRegistry, ref: string, rubric: string, input: string, output: string): Promise<Verdict> {
  const system = [
    "You grade the output of a workflow against a rubric. Say pass only when the output meets every point of it.",
    "Give the reason in one plain sentence.",
    "",
    "The rubric:",
    rubric,
    "",
    "The input:",
    "<<<",
    input,
    ">>>",
    "The output:",
    "<<<",
    output,
    ">>>",
  ].join("\n");
  const { value } = await askStructured(registry, ref, { system, speaker: "judge", transcript: [], output: OUTPUT });
  const reason = typeof value.reason === "string" && value.reason.trim() ? value.reason.trim() : "no reason given";
  if (value.verdict === "pass" || value.verdict === "fail") return { pass: value.verdict === "pass", reason };
  return { pass: false, reason: "the judge's answer named no verdict" };
}
