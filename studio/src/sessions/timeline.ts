// What the timeline draws and jumps between: every event as a mark of its kind, each node visit
// as a span (from node.started to the route out of the node, or the end of the run), and the
// seqs of visits and human requests for "next" and "previous".
import type { RunEvent, RunEventType } from "@tandem/shared";

export type MarkKind = "run" | "node" | "model" | "message" | "human" | "tool" | "route" | "control";

const MARK_OF: Record<RunEventType, MarkKind> = {
  "run.started": "run",
  "run.finished": "run",
  "node.started": "node",
  "llm.request": "model",
  "llm.retry": "model",
  "llm.response": "model",
  "message.delta": "message",
  message: "message",
  "human.requested": "human",
  "human.responded": "human",
  "human.timed_out": "human",
  "human.voted": "human",
  "human.escalated": "human",
  "task.claimed": "human",
  "task.released": "human",
  "reply.read": "route",
  "tool.requested": "tool",
  "tool.approval.requested": "human",
  "tool.approved": "human",
  "tool.rejected": "human",
  "tool.started": "tool",
  "tool.result": "tool",
  "tool.failed": "tool",
  "budget.reached": "human",
  "budget.decided": "human",
  "route.taken": "route",
  "run.paused": "control",
  "run.resumed": "control",
};

export function markOf(type: RunEventType): MarkKind {
  return MARK_OF[type];
}

export interface NodeVisit {
  nodeId: string;
  visit: number;
  /** The node.started event. */
  from: number;
  /** The route.taken (or run.finished) that ends it; the last event so far while it goes on. */
  to: number;
  open: boolean;
}

export interface TimelineModel {
  visits: NodeVisit[];
  /** Where each visit starts, in order. */
  visitStarts: number[];
  humanRequests: number[];
  /** Marks by seq - 1, as MarkKind indexes in MARK_KINDS (compact for 50,000 events). */
  marks: Uint8Array;
  lastSeq: number;
}

export const MARK_KINDS: readonly MarkKind[] = ["run", "node", "model", "message", "human", "route", "control", "tool"];

export function timelineOf(events: readonly RunEvent[]): TimelineModel {
  const visits: NodeVisit[] = [];
  const humanRequests: number[] = [];
  const marks = new Uint8Array(events.length);
  let current: NodeVisit | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    marks[i] = MARK_KINDS.indexOf(MARK_OF[e.type]);
    if (e.type === "node.started") {
      // A node run again after a restart (attempt 2) is still the same visit.
      if (current && current.nodeId === e.nodeId && e.attempt > 1) continue;
      if (current) close(current, e.seq - 1);
      current = { nodeId: e.nodeId, visit: e.visit, from: e.seq, to: e.seq, open: true };
      visits.push(current);
    } else if (e.type === "human.requested") humanRequests.push(e.seq);
    else if ((e.type === "route.taken" || e.type === "run.finished") && current) {
      close(current, e.seq);
      current = null;
    }
  }
  const lastSeq = events.length ? events[events.length - 1]!.seq : 0;
  if (current) current.to = lastSeq;
  return { visits, visitStarts: visits.map((v) => v.from), humanRequests, marks, lastSeq };
}

function close(visit: NodeVisit, seq: number) {
  visit.to = seq;
  visit.open = false;
}

/** How many of `sorted` (ascending seqs) are at or before `seq`. */
function countUpTo(sorted: readonly number[], seq: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first of `sorted` after `seq`. */
export function nextAfter(sorted: readonly number[], seq: number): number | undefined {
  return sorted[countUpTo(sorted, seq)];
}

/** The last of `sorted` before `seq`. */
export function lastBefore(sorted: readonly number[], seq: number): number | undefined {
  return sorted[countUpTo(sorted, seq - 1) - 1];
}

/** The node visit going on at `seq`, if any. */
export function visitAt(model: TimelineModel, seq: number): NodeVisit | undefined {
  const visit = model.visits[countUpTo(model.visitStarts, seq) - 1];
  return visit && seq <= visit.to ? visit : undefined;
}
