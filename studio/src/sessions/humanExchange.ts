// A person's part in a run as the inspector shows it: what they were asked, about which message,
// who took it on, voted or was escalated to on the way, and who answered, when and what (an
// outcome, a reply, a rewrite of the message).
import type { EventOf, RunEvent, TranscriptMessage } from "@tandem/shared";
import type { Snapshots } from "./snapshots.js";

/** What happened around a request between its asking and its answer. */
export type PeopleEvent = EventOf<"human.voted" | "human.escalated" | "task.claimed" | "task.released">;

export interface HumanExchange {
  request: EventOf<"human.requested">;
  /** Claims, votes and escalations before the answer, in order. */
  people: PeopleEvent[];
  answer?: EventOf<"human.responded"> | EventOf<"human.timed_out">;
  /** The last message when the person was asked, as it was then (before any edit). */
  reviewed?: TranscriptMessage;
}

const PEOPLE_TYPES: ReadonlySet<RunEvent["type"]> = new Set(["human.voted", "human.escalated", "task.claimed", "task.released"]);
const isPeople = (e: RunEvent): e is PeopleEvent => PEOPLE_TYPES.has(e.type);
const isHuman = (e: RunEvent): e is EventOf<"human.requested" | "human.responded" | "human.timed_out"> | PeopleEvent =>
  e.type === "human.requested" || e.type === "human.responded" || e.type === "human.timed_out" || isPeople(e);

export function humanExchangeAt(snapshots: Snapshots, seq: number): HumanExchange | undefined {
  const e = snapshots.event(seq);
  if (!e || !isHuman(e)) return undefined;
  let requestSeq = seq;
  for (; requestSeq > 0; requestSeq--) {
    const r = snapshots.event(requestSeq)!;
    if (r.type === "human.requested" && r.requestId === e.requestId) break;
  }
  const request = snapshots.event(requestSeq);
  if (request?.type !== "human.requested") return undefined;
  const exchange: HumanExchange = { request, people: [], reviewed: snapshots.stateAt(request.seq).messages.at(-1) };
  for (let s = request.seq + 1; s <= snapshots.lastSeq; s++) {
    const a = snapshots.event(s)!;
    if (!isHuman(a) || a.requestId !== e.requestId) continue;
    if (isPeople(a)) exchange.people.push(a);
    else if (a.type !== "human.requested") {
      exchange.answer = a;
      break;
    }
  }
  return exchange;
}
