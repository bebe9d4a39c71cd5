// Who decided what in a run, read from its events alone: the audit's entries for one run. Pure,
// so the server's audit query and the studio's replay inspector read a run the same way.
import type { AuditAction, AuditEntry } from "./api.js";
import type { EventOf, RunEvent } from "./events.js";
import { assignmentLabel, type Actor } from "./people.js";
import { formatUsd } from "./prices.js";
import { nodeById } from "./state.js";
import { listOf } from "./union.js";

/** Every audit action, for filters and schemas. */
export const AUDIT_ACTIONS = listOf({
  answer: true,
  vote: true,
  approve: true,
  reject: true,
  edit: true,
  correct: true,
  claim: true,
  release: true,
  escalate: true,
  timeout: true,
  budget: true,
  "sign-in": true,
  "sign-in-failed": true,
  "sign-out": true,
  "token-created": true,
  "token-revoked": true,
  "user-created": true,
  "user-updated": true,
  "role-created": true,
  "role-deleted": true,
} satisfies Record<AuditAction, true>);

/** The actions a run's events record; the others come from the accounts log. */
export const RUN_AUDIT_ACTIONS: readonly AuditAction[] = ["answer", "vote", "approve", "reject", "edit", "correct", "claim", "release", "escalate", "timeout", "budget"];

/** The event types that are someone's decision (or a timer's). */
export const AUDIT_EVENT_TYPES = [
  "human.responded",
  "human.voted",
  "tool.approved",
  "tool.rejected",
  "task.claimed",
  "task.released",
  "human.escalated",
  "human.timed_out",
  "budget.decided",
] as const;
export type AuditEvent = EventOf<(typeof AUDIT_EVENT_TYPES)[number]>;

export function isAuditEvent(e: RunEvent): e is AuditEvent {
  return (AUDIT_EVENT_TYPES as readonly string[]).includes(e.type);
}

/**
 * What an audited event counts as: an answer to a request that asked to confirm a reading is a
 * correction; a rewritten reply, or an approval with changed arguments, is also an edit.
 */
export function auditActions(e: AuditEvent, readingAsked: boolean): AuditAction[] {
  switch (e.type) {
    case "human.responded":
      return [readingAsked ? "correct" : "answer", ...(e.edit !== undefined ? (["edit"] as const) : [])];
    case "human.voted":
      return ["vote"];
    case "tool.approved":
      return ["approve", ...(e.arguments !== undefined ? (["edit"] as const) : [])];
    case "tool.rejected":
      return ["reject"];
    case "task.claimed":
      return ["claim"];
    case "task.released":
      return ["release"];
    case "human.escalated":
      return ["escalate"];
    case "human.timed_out":
      return ["timeout"];
    case "budget.decided":
      return ["budget"];
  }
}

/** Who: the recorded actor; a log written before actors has only the name given (`by`); timers have none. */
export function auditActor(e: AuditEvent): Actor | null {
  if ("actor" in e && e.actor) return e.actor;
  if ("by" in e && e.by) return { name: e.by, via: "http" };
  return null;
}

const MAX_TEXT = 200;
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);
const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v) ?? "nothing");

/** The arguments a person changed, one "field old → new" each: "amount 250 → 200". */
export function argumentChanges(before: unknown, after: unknown): string {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(before) || !isObject(after)) return `${show(before)} → ${show(after)}`;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${k} ${k in before ? show(before[k]) : "(none)"} → ${k in after ? show(after[k]) : "(none)"}`)
    .join(", ");
}

/** What a run needs to say for each entry: its id and flow (the flow's node names come from run.started). */
export interface AuditRun {
  id: string;
  flowId: string | null;
  flowName: string;
}

/** The run's audit entries, in the order of its events. */
export function eventsToAudit(run: AuditRun, events: readonly RunEvent[]): AuditEntry[] {
  const started = events[0]?.type === "run.started" ? events[0] : undefined;
  const asked = new Map<string, EventOf<"human.requested">>();
  const calls = new Map<string, EventOf<"tool.requested">>();
  const out: AuditEntry[] = [];
  for (const e of events) {
    if (e.type === "human.requested") asked.set(e.requestId, e);
    if (e.type === "tool.requested") calls.set(e.callId, e);
    if (!isAuditEvent(e)) continue;
    const request = asked.get(e.requestId);
    const nodeName = started ? nodeById(started.flow, e.nodeId)?.data.name : undefined;
    const about = {
      at: e.at,
      actor: auditActor(e),
      runId: run.id,
      flowId: run.flowId,
      flowName: run.flowName,
      nodeId: e.nodeId,
      ...(nodeName ? { nodeName } : {}),
      requestId: e.requestId,
      seq: e.seq,
    };
    for (const action of auditActions(e, request?.reading !== undefined)) {
      out.push({ ...about, action, detail: detailOf(e, action, request, calls) });
    }
  }
  return out;
}

function detailOf(e: AuditEvent, action: AuditAction, request: EventOf<"human.requested"> | undefined, calls: Map<string, EventOf<"tool.requested">>): string {
  switch (e.type) {
    case "human.responded": {
      if (action === "edit") return `rewrote the reply: ${clip(e.edit ?? "")}`;
      const said = [e.fallback, e.outcome, e.text && clip(e.text)].filter(Boolean).join(": ") || "answered";
      const votes = e.votes ? ` (${e.votes} votes)` : "";
      if (action === "correct") return `read as ${request?.reading?.outcome ?? "unsure"} → ${said}${votes}`;
      return `${said}${votes}`;
    }
    case "human.voted":
      return [e.outcome, e.text && clip(e.text)].filter(Boolean).join(": ");
    case "tool.approved": {
      const call = calls.get(e.callId);
      if (action === "edit") return argumentChanges(call?.arguments, e.arguments);
      return `approved ${call?.tool ?? e.callId}`;
    }
    case "tool.rejected": {
      const tool = calls.get(e.callId)?.tool ?? e.callId;
      return [`rejected ${tool}`, e.reason && clip(e.reason), e.result !== undefined && `answered instead: ${clip(e.result)}`].filter(Boolean).join(": ");
    }
    case "task.claimed":
      return "claimed";
    case "task.released":
      return "released";
    case "human.escalated":
      return e.action === "reassign" ? `reassigned to ${assignmentLabel(e.assignees)}` : e.action === "remind" ? "reminded" : "took the default";
    case "human.timed_out":
      return `no answer in time: ${e.outcome}`;
    case "budget.decided":
      return e.decision === "raise" ? `raised the budget to ${formatUsd(e.budgetUsd ?? 0)}` : "stopped the run at its budget";
  }
}
