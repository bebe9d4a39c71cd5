// The text an agent's model gets back for one tool call: the result, a person's rejection or
// answer, or the error. Made by the reducer, so live runs, replays and forks send the same.
import type { ToolFailure } from "./events.js";

/** The parts of a tool call (ToolCallState) its message is made of. */
export interface ToolCallOutcome {
  status: string;
  decidedBy?: string;
  rejection?: { reason?: string; result?: string };
  code?: ToolFailure;
  error?: string;
  edited?: { before: unknown; after: unknown };
  result?: string;
}

export function toolMessage(call: ToolCallOutcome): string {
  const by = call.decidedBy ?? "a person";
  if (call.status === "rejected") {
    const { reason, result } = call.rejection ?? {};
    if (result !== undefined) return `${by} answered instead of the tool: ${result}`;
    return `${by} rejected this call${reason?.trim() ? `: ${reason.trim()}` : ""}. The call was not made.`;
  }
  if (call.status === "failed") return `Error (${call.code ?? "error"}): ${call.error ?? "the call failed"}`;
  const edited = call.edited ? `(${by} changed the arguments to ${JSON.stringify(call.edited.after)} before the call.)\n` : "";
  return `${edited}${call.result ?? ""}`;
}
