// Who answers a request and whether they may: the assignment check, claims and quorum votes.
// Each turns what a person said into the events that record it, or throws AnswerError.
import {
  assignmentLabel,
  isAssigned,
  isAssignee,
  permissionsOf,
  requestOf,
  type Actor,
  type HumanAnswer,
  type Person,
  type Quorum,
  type RunEventBody,
  type RunState,
  type ToolDecision,
} from "@tandem/shared";
import { decisionFor, type Signed } from "./decision.js";
import { AnswerError } from "./errors.js";
import { responseTo } from "./run.js";

/** A signed-in person (or, with no `person`, a caller on an open server) answering. */
export interface Answerer {
  actor: Actor;
  /** The person assignment is checked against; none on an open server (no check). */
  person?: Person & { admin: boolean };
}

/** Who answers: a name (a fork, replays, tests: no check; answers record it as `by` only) or an Answerer. */
export type Who = string | Answerer;

/**
 * Whether `who` may answer the request (its assignees now, after any reassignment; an admin,
 * recorded as such; anyone with tasks.answer when it is assigned to nobody); throws AnswerError
 * "not_assignee" or "forbidden" naming why.
 */
export function signerFor(state: RunState, requestId: string, who: Who): Signed {
  if (typeof who === "string") return { by: who };
  const { actor, person } = who;
  const request = requestOf(state, requestId);
  if (!person || !request) return { by: actor.name, actor };
  const what = request.callId ? "approval" : "question";
  const you = `you (${person.username}) have ${person.roles.length ? person.roles.join(", ") : "no role"}`;
  if (isAssigned(request.assignees)) {
    if (isAssignee(request.assignees, person)) return { by: actor.name, actor };
    if (person.admin) return { by: actor.name, actor: { ...actor, asAdmin: true } };
    throw new AnswerError("not_assignee", `this ${what} is for ${assignmentLabel(request.assignees)}; ${you}`);
  }
  if (permissionsOf(person.roles).has("tasks.answer")) return { by: actor.name, actor };
  throw new AnswerError("forbidden", `this ${what} is for anyone who may answer questions (tasks.answer); ${you}`);
}

/** Whether `who` may answer the request (see signerFor), without saying why. */
export function mayAnswer(state: RunState, requestId: string, who: Who): boolean {
  try {
    signerFor(state, requestId, who);
    return true;
  } catch (e) {
    if (e instanceof AnswerError) return false;
    throw e;
  }
}

/** The event that records a person's decision on a tool call waiting for approval (see decision.ts). */
export function decisionEvents(state: RunState, requestId: string, decision: ToolDecision, who: Who, key?: string): RunEventBody[] {
  return [decisionFor(state, requestId, decision, signerFor(state, requestId, who), key)];
}

/** The events that record a person's answer: human.responded, or on a quorum question their vote (and the decision when it decides). */
export function answerEvents(state: RunState, requestId: string, answer: HumanAnswer, who: Who, key?: string): RunEventBody[] {
  const signed = signerFor(state, requestId, who);
  const body = responseTo(state, requestId, answer, signed.by, key);
  const responded = signed.actor ? { ...body, actor: signed.actor } : body;
  const quorum = state.pending?.quorum;
  return quorum && responded.type === "human.responded" ? vote(state, responded, quorum, signed) : [responded];
}

type Responded = Extract<RunEventBody, { type: "human.responded" }>;

/** Whose vote this is: the account, or on an open server the name given. */
const voter = (a: Actor) => a.userId ?? `name:${a.name}`;

/**
 * One vote on a quorum question: human.voted, then human.responded once `quorum.count` people
 * voted for `quorum.outcome` (the last voter's answer, the votes' texts joined), or at once for
 * any other outcome ("any reject rejects").
 */
function vote(state: RunState, responded: Responded, quorum: Quorum, signed: Signed): RunEventBody[] {
  const { outcome, text, edit } = responded;
  if (outcome === undefined) throw new AnswerError("invalid_answer", `this question is decided by votes: pick an outcome (${quorum.count} × "${quorum.outcome}" decide)`, "outcome");
  if (edit !== undefined) throw new AnswerError("invalid_answer", "a vote does not edit the message", "edit");
  // A name with no account votes as that name (open server, terminal).
  const actor: Actor = signed.actor ?? { name: signed.by, via: "http" };
  const earlier = requestOf(state, responded.requestId)?.votes ?? [];
  const own = earlier.find((v) => voter(v.actor) === voter(actor));
  if (own) throw new AnswerError("already_voted", `${actor.name} has voted already ("${own.outcome}"); each person votes once`);
  const voted: RunEventBody = {
    type: "human.voted",
    nodeId: responded.nodeId,
    requestId: responded.requestId,
    actor,
    outcome,
    ...(text !== undefined ? { text } : {}),
    ...(responded.key ? { key: responded.key } : {}),
  };
  if (outcome.toLowerCase() !== quorum.outcome.toLowerCase()) return [voted, responded];
  const agreeing = [...earlier.filter((v) => v.outcome.toLowerCase() === outcome.toLowerCase()), { outcome, text }];
  if (agreeing.length < quorum.count) return [voted];
  const texts = agreeing.flatMap((v) => (v.text?.trim() ? [v.text] : []));
  const decided: Responded = { ...responded, votes: agreeing.length };
  delete decided.text;
  if (texts.length) decided.text = texts.join("\n\n");
  return [voted, decided];
}

/**
 * task.claimed (or task.released) for the open request: only who may answer it claims it; a
 * claim someone else holds is refused ("already_claimed"), but an admin may take it over;
 * releasing needs the claimer or an admin.
 */
export function claimEvent(state: RunState, requestId: string, who: Who, release = false): RunEventBody {
  const request = requestOf(state, requestId);
  if (!request) throw new AnswerError("unknown_request", `run ${state.runId} has no request "${requestId}"`);
  if (request.answeredBy) throw new AnswerError("already_answered", `this request was already answered by ${request.answeredBy}`);
  if (!isOpen(state, requestId)) throw new AnswerError("not_waiting", "the run is not waiting for this request");
  const signed = signerFor(state, requestId, who);
  const actor: Actor = signed.actor ?? { name: signed.by, via: "http" };
  const admin = typeof who !== "string" && !!who.person?.admin;
  const held = request.claimedBy;
  const mine = !!held && voter(held) === voter(actor);
  if (release) {
    if (!held) throw new AnswerError("not_claimed", "nobody has claimed this request");
    if (!mine && !admin) throw new AnswerError("already_claimed", `${held.name} has claimed this request: only they (or an admin) release it`);
    return { type: "task.released", nodeId: request.nodeId, requestId, actor };
  }
  if (held && !mine && !admin) throw new AnswerError("already_claimed", `${held.name} has claimed this request already`);
  return { type: "task.claimed", nodeId: request.nodeId, requestId, actor };
}

/** Whether the run waits for the request now: its open question, a tool call's approval, or its budget question. */
function isOpen(state: RunState, requestId: string): boolean {
  if (state.pending?.requestId === requestId || state.budgetWait === requestId) return true;
  const callId = requestOf(state, requestId)?.callId;
  return !!callId && state.approvals.includes(callId);
}
