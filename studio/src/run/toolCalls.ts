// How a tool call reads in the studio: its status in words, the calls of an agent's turn, what
// the agent said before asking, and whether a result is long enough to fold.
import { toolCallOf, type RunState, type ToolCallState, type TranscriptMessage } from "@tandem/shared";

export type CallTone = "wait" | "run" | "ok" | "bad" | "muted";

/** The call's status in a few words: "needs approval", "rejected by Tess: too much", "done". */
export function callStatus(call: ToolCallState): { label: string; tone: CallTone } {
  const by = call.decidedBy ?? "a person";
  switch (call.status) {
    case "proposed":
    case "requested":
      return { label: "requested", tone: "muted" };
    case "awaiting":
      return call.reason === "unknown" ? { label: "unknown — a person decides", tone: "wait" } : { label: "needs approval", tone: "wait" };
    case "approved":
      return { label: `approved by ${by}`, tone: "ok" };
    case "rejected": {
      const { reason, result } = call.rejection ?? {};
      if (result !== undefined) return { label: `answered by ${by} instead`, tone: "bad" };
      return { label: `rejected by ${by}${reason?.trim() ? `: ${reason.trim()}` : ""}`, tone: "bad" };
    }
    case "running":
      return { label: "running", tone: "run" };
    case "done":
      return call.isError ? { label: "the tool reported an error", tone: "bad" } : { label: "done", tone: "ok" };
    case "failed":
      return { label: `failed (${call.code ?? "error"})`, tone: "bad" };
    case "unknown":
      return { label: "unknown", tone: "wait" };
  }
}

/** Who let the call run, once it went past approval ("approved by Tess"); undefined otherwise. */
export function approvedBy(call: ToolCallState): string | undefined {
  if (call.approval !== "required" || !call.decidedBy) return undefined;
  return ["running", "done", "failed"].includes(call.status) ? `approved by ${call.decidedBy}` : undefined;
}

/** The calls an agent's tool-call message made, as they stand now. */
export function callsOf(state: RunState, message: TranscriptMessage): ToolCallState[] {
  return (message.toolCalls ?? []).flatMap((c) => toolCallOf(state, c.id) ?? []);
}

/** What the agent said in this visit up to the turn that made the call: its reasoning so far. */
export function saidSoFar(state: RunState, call: ToolCallState): string {
  return state.messages
    .filter((m) => m.nodeId === call.nodeId && m.toolCalls?.length && m.seq <= call.seq && toolCallOf(state, m.toolCalls[0]!.id)?.visit === call.visit)
    .map((m) => m.content.trim())
    .filter(Boolean)
    .join("\n\n");
}

/** The calls waiting for a person, in the order asked. */
export function waitingCalls(state: RunState): ToolCallState[] {
  return state.approvals.flatMap((id) => toolCallOf(state, id) ?? []);
}

const LONG_CHARS = 600;
const LONG_LINES = 8;

/** Whether a result is folded until asked for: longer than a few lines. */
export function isLong(text: string): boolean {
  return text.length > LONG_CHARS || text.split("\n").length > LONG_LINES;
}

/** The start of a long text, cut at a line end where one is near. */
export function foldedStart(text: string): string {
  const lines = text.split("\n").slice(0, LONG_LINES).join("\n");
  return `${lines.slice(0, LONG_CHARS).trimEnd()}…`;
}
