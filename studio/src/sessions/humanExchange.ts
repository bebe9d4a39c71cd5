// A person's part in a run as the inspector shows it: what they were asked, about which message,
// and who answered, when and what (an outcome, a reply, a rewrite of the message).
import type { EventOf, TranscriptMessage } from "@tandem/shared";
import type { Snapshots } from "./snapshots.js";

export interface HumanExchange {
  request: EventOf<"human.requested">;
  answer?: EventOf<"human.responded"> | EventOf<"human.timed_out">;
  /** The last message when the person was asked, as it was then (before any edit). */
  reviewed?: TranscriptMessage;
}

export function humanExchangeAt(snapshots: Snapshots, seq: number): HumanExchange | undefined {
  const e = snapshots.event(seq);
  if (!e || (e.type !== "human.requested" && e.type !== "human.responded" && e.type !== "human.timed_out")) return undefined;
  let requestSeq = seq;
  for (; requestSeq > 0; requestSeq--) {
    const r = snapshots.event(requestSeq)!;
    if (r.type === "human.requested" && r.requestId === e.requestId) break;
  }
  const request = snapshots.event(requestSeq);
  if (request?.type !== "human.requested") return undefined;
  const exchange: HumanExchange = { request, reviewed: snapshots.stateAt(request.seq).messages.at(-1) };
  for (let s = request.seq + 1; s <= snapshots.lastSeq; s++) {
    const a = snapshots.event(s)!;
    if ((a.type === "human.responded" || a.type === "human.timed_out") && a.requestId === e.requestId) {
      exchange.answer = a;
      break;
    }
  }
  return exchange;
}
