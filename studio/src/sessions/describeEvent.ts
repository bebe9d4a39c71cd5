// One line saying what an event was, for the timeline's tooltip, the event list and screen readers.
import { assignmentLabel, formatUsd, type RunEvent } from "@tandem/shared";
import { formatMs } from "../ui/time.js";

const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const quote = (s: string) => `“${clip(s.replace(/\s+/g, " ").trim())}”`;

/** `name` gives a node's name from its id. */
export function describeEvent(e: RunEvent, name: (nodeId: string) => string): string {
  switch (e.type) {
    case "run.started":
      return e.parent ? `Forked from run ${e.parent.runId.slice(0, 8)} at event ${e.parent.seq}` : `Run started: ${quote(e.input)}`;
    case "node.started":
      return e.attempt > 1 ? `${name(e.nodeId)} started again (attempt ${e.attempt})` : `${name(e.nodeId)} started (visit ${e.visit})`;
    case "message.delta":
      return `${name(e.nodeId)} streams ${quote(e.text)}`;
    case "llm.request": {
      if (e.retryOf) return `${name(e.nodeId)} asks ${e.model} again: the reply did not fit its output schema (${clip(e.retryOf.problems.join("; "))})`;
      // Counted as the inspector lists them: the system message too (see chatMessages).
      const sent = e.messageCount + (e.system ? 1 : 0);
      return `${name(e.nodeId)} calls ${e.model} with ${sent} message${sent === 1 ? "" : "s"}`;
    }
    case "llm.retry":
      return `${name(e.nodeId)}'s call is retried (attempt ${e.attempt}): ${clip(e.error)}`;
    case "llm.response":
      return `${name(e.nodeId)}'s model replied${e.usage ? ` (${e.usage.promptTokens + e.usage.completionTokens} tokens${e.costUsd ? `, ${formatUsd(e.costUsd)}` : ""})` : ""} in ${formatMs(e.latencyMs)}`;
    case "message":
      return `${e.name}: ${quote(e.content)}`;
    case "human.requested":
      if (e.reading) return `${name(e.nodeId)} is asked to ${e.reading.outcome === null ? "pick how to read the reply" : `confirm or correct the reading “${e.reading.outcome}”`}`;
      return `${name(e.nodeId)} is asked: ${quote(e.instructions || e.outcomes.map((o) => o.name).join(" / "))}`;
    case "human.responded":
      return `${e.by} answered ${[e.outcome, e.text && quote(e.text), e.edit !== undefined && "with an edit"].filter(Boolean).join(", ")}`;
    case "human.timed_out":
      return `${name(e.nodeId)} timed out: ${e.outcome}`;
    case "human.voted":
      return `${e.actor.name} voted ${e.outcome}${e.text ? `: ${quote(e.text)}` : ""}`;
    case "human.escalated":
      return e.action === "reassign"
        ? `${name(e.nodeId)} escalated: reassigned to ${assignmentLabel(e.assignees)}`
        : e.action === "remind"
          ? `${name(e.nodeId)} escalated: its people were reminded`
          : `${name(e.nodeId)} escalated: takes its default`;
    case "task.claimed":
      return `${e.actor.name} took on ${name(e.nodeId)}'s question`;
    case "task.released":
      return `${e.actor.name} let go of ${name(e.nodeId)}'s question`;
    case "reply.read":
      return e.outcome === null
        ? `${name(e.nodeId)}'s reply could not be read (${e.judge}): ${clip(e.reason)}`
        : `${name(e.nodeId)}'s reply read as ${e.outcome} — ${clip(e.reason)} (${e.judge}, ${Math.round(e.confidence * 100)}% sure)`;
    case "tool.requested":
      return `${name(e.nodeId)} calls ${e.tool}${e.approval === "required" ? ` — needs approval (${e.why})` : ""}`;
    case "tool.approval.requested":
      return e.reason === "unknown"
        ? `${name(e.nodeId)}: a call was under way when the server stopped; a person decides whether to retry it`
        : `${name(e.nodeId)} waits for approval of a tool call`;
    case "tool.approved":
      return `${e.by} approved the call${e.arguments !== undefined ? " with changed arguments" : ""}`;
    case "tool.rejected":
      return e.result !== undefined ? `${e.by} answered instead of the tool: ${quote(e.result)}` : `${e.by} rejected the call${e.reason ? `: ${quote(e.reason)}` : ""}`;
    case "tool.started":
      return `Tool call started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ""}`;
    case "tool.result":
      return `Tool ${e.isError ? "reported an error" : "returned"} in ${formatMs(e.durationMs)}: ${quote(e.content)}`;
    case "tool.failed":
      return `Tool call failed (${e.code}): ${clip(e.error)}`;
    case "budget.reached":
      return `The run has spent ${formatUsd(e.spentUsd)} of its ${formatUsd(e.budgetUsd)} budget: a person decides before ${name(e.nodeId)} goes on`;
    case "budget.decided":
      return e.decision === "raise" ? `${e.by} raised the budget to ${formatUsd(e.budgetUsd ?? 0)}` : `${e.by} stopped the run at its budget`;
    case "route.taken":
      return `${name(e.from)} → ${name(e.to)} (${e.reason})`;
    case "run.paused":
      return `Paused before ${name(e.nodeId)} (${e.reason})`;
    case "run.resumed":
      return `Resumed (${e.mode})`;
    case "run.finished":
      return e.error ? `Run ${e.status}: ${clip(e.error.message)}` : `Run ${e.status}`;
    default: {
      const never: never = e;
      return (never as RunEvent).type;
    }
  }
}
