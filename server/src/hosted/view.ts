// What a hosted page's visitor sees of a run: the agents' words as they stream, who it waits
// for, and how it ended, in words. Never the flow itself, the system messages, tool calls or
// internal errors: the page is public to whoever has its link.
import type { Assignment, FinishStatus, RunEvent, RunState, RunStatus } from "@tandem/shared";

export type PageEvent =
  | { type: "delta"; name: string; text: string }
  | { type: "message"; name: string; text: string }
  | { type: "waiting"; for: string }
  | { type: "resumed" }
  | { type: "finished"; status: FinishStatus; output?: string; error?: string };

/** A run as the page's status route answers it. */
export interface PageRun {
  runId: string;
  status: RunStatus;
  messages: { name: string; text: string }[];
  /** Who the run waits for, in words, while it waits for a person. */
  waitingFor: string | null;
  output: string | null;
  error: string | null;
}

/** A person's display name by username (the username itself when unknown). */
export type NameOf = (username: string) => string;

const FAILED = "Sorry, this could not be finished: the flow stopped with an error. Please try again later.";
const CANCELLED = "This request was stopped before it finished.";

/** "Ana Lima or anyone in legal"; "a person" when the step is left to anyone. */
export function waitingFor(assignees: Assignment | undefined, nameOf: NameOf): string {
  const who = [...(assignees?.users ?? []).map(nameOf), ...(assignees?.roles ?? []).map((r) => `anyone in ${r}`)];
  if (who.length === 0) return "a person";
  return who.length === 1 ? who[0]! : `${who.slice(0, -1).join(", ")} or ${who.at(-1)}`;
}

const endText = (status: FinishStatus) => (status === "failed" ? FAILED : status === "cancelled" ? CANCELLED : undefined);

/** Maps the run's events to what the page shows; undefined for what it does not. */
export function pageView(state: Pick<RunState, "flow">, nameOf: NameOf): (e: RunEvent) => PageEvent | undefined {
  const agentName = (nodeId: string) => state.flow.nodes.find((n) => n.id === nodeId)?.data.name ?? nodeId;
  return (e) => {
    switch (e.type) {
      case "message.delta":
        return { type: "delta", name: agentName(e.nodeId), text: e.text };
      case "message":
        // A turn that only called tools says nothing to the visitor.
        return e.role === "assistant" && e.content.trim() ? { type: "message", name: e.name, text: e.content } : undefined;
      case "human.requested":
      case "tool.approval.requested":
        return { type: "waiting", for: waitingFor(e.assignees, nameOf) };
      case "human.responded":
      case "human.timed_out":
      case "tool.approved":
      case "tool.rejected":
        return { type: "resumed" };
      case "run.finished": {
        const error = endText(e.status);
        return { type: "finished", status: e.status, ...(e.output !== undefined && e.status === "completed" ? { output: e.output } : {}), ...(error ? { error } : {}) };
      }
      default:
        return undefined;
    }
  };
}

/** The run as the page shows it now. */
export function pageRun(state: RunState, nameOf: NameOf): PageRun {
  const open = Object.values(state.requests).find((r) => r.answeredAt === undefined);
  const finished = state.finishStatus;
  return {
    runId: state.runId,
    status: state.status,
    messages: state.messages.filter((m) => m.role === "assistant" && m.content.trim()).map((m) => ({ name: m.name, text: m.content })),
    waitingFor: state.status === "waiting" && open ? waitingFor(open.assignees, nameOf) : state.status === "waiting" ? "a person" : null,
    output: finished === "completed" ? (state.output ?? null) : null,
    error: finished ? (endText(finished) ?? null) : null,
  };
}
