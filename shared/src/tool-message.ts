// The text an agent's model gets back for one tool call: the result, a person's rejection or
// answer, or the error. Made by the reducer, so live runs, replays and forks send the same.
import type { ToolCallState } from "./state.js";

export function toolMessage(call: ToolCallState): string {
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
