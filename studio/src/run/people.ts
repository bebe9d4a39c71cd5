// The people around a request, in words: who answered ("Ana (legal) · studio"), how a quorum
// stands ("1 of 2 approve"), and where an escalation chain is ("escalated to legal · next:
// takes default in 2 h"). The transcript, the cards, the tasks list and replays say it alike.
import {
  assignmentLabel,
  isAssigned,
  nextEscalation,
  type Actor,
  type Assignment,
  type EscalationStep,
  type HumanRequestRecord,
  type Quorum,
  type Vote,
} from "@tandem/shared";
import { shortDuration } from "../flow/people.js";

/** "Ana (legal) · studio": the person, the roles the request was for (or "as admin"), and how the answer came. */
export function actorLine(actor: Actor, assignees?: Assignment): string {
  const as = actor.asAdmin ? "as admin" : isAssigned(assignees) && assignees.roles.length ? assignees.roles.join(", ") : undefined;
  return `${actor.name}${as ? ` (${as})` : ""} · ${actor.via}`;
}

/** "1 of 2 approve", and who voted what: "Ana: approve". */
export function quorumLine(quorum: Quorum, votes: readonly Vote[] = []): { progress: string; voters: string[] } {
  const yes = new Set(votes.filter((v) => v.outcome === quorum.outcome).map((v) => v.actor.userId ?? v.actor.name)).size;
  return { progress: `${yes} of ${quorum.count} ${quorum.outcome}`, voters: votes.map((v) => `${v.actor.name}: ${v.outcome}${v.text ? ` — ${v.text}` : ""}`) };
}

type Action = EscalationStep["action"];
const NEXT: Record<Action, string> = { remind: "reminds", reassign: "reassigns", default: "takes default" };

export interface EscalationNow {
  /** Steps fired so far. */
  fired: number;
  /** What the last step fired did, when known (the flow's chain is at hand). */
  lastAction?: Action;
  /** Who the request is for now. */
  assignees?: Assignment;
  next?: { at: number; action: Action };
}

/** "escalated to legal · next: takes default in 2 h"; undefined when the request has no chain under way. */
export function escalationState({ fired, lastAction, assignees, next }: EscalationNow, now: number): string | undefined {
  const parts: string[] = [];
  const who = isAssigned(assignees) ? ` ${lastAction === "remind" ? "" : "to "}${assignmentLabel(assignees)}` : "";
  if (fired > 0) parts.push(lastAction === "remind" ? `reminded${who}` : `escalated${who}`);
  if (next) parts.push(`next: ${NEXT[next.action]} ${next.at <= now ? "now" : `in ${shortDuration((next.at - now) / 1000)}`}`);
  return parts.length ? parts.join(" · ") : undefined;
}

/** Where a request's chain stands, from the node's steps and the request as the run's state has it; undefined without a chain. */
export function escalationNow(steps: readonly EscalationStep[] | undefined, record: HumanRequestRecord): EscalationNow | undefined {
  if (!steps?.length || record.askedAt === undefined) return undefined;
  const fired = record.escalations ?? 0;
  const next = nextEscalation(steps, record.askedAt, fired);
  return { fired, lastAction: steps[fired - 1]?.action, assignees: record.assignees, ...(next && { next: { at: next.at, action: next.action } }) };
}
