// An agent's offline script as one text: steps separated by a line of ---, a step that calls
// tools written as its JSON ({"calls": [...], "reply": "..."}), every other step a plain reply.
import type { ScriptStep } from "@tandem/shared";

export const SCRIPT_SEPARATOR = "\n---\n";

const isToolTurn = (value: unknown): value is Exclude<ScriptStep, string> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Array.isArray((value as { calls?: unknown }).calls);

function readStep(text: string): ScriptStep {
  if (!text.trimStart().startsWith("{")) return text;
  try {
    const value: unknown = JSON.parse(text);
    return isToolTurn(value) ? value : text;
  } catch {
    return text;
  }
}

export const scriptText = (script: readonly ScriptStep[] | undefined): string =>
  (script ?? []).map((step) => (typeof step === "string" ? step : JSON.stringify(step))).join(SCRIPT_SEPARATOR);

/** The steps the text holds; an empty text is no script. */
export const parseScript = (text: string): ScriptStep[] | undefined => (text.trim() ? text.split(SCRIPT_SEPARATOR).map(readStep) : undefined);
