// How a person's free text was read, for whoever answered and waits to be told (an HTTP answer):
// the reply.read after the answer, and the request that confirms or corrects it, if any.
import type { AnswerReading, RunEvent } from "@tandem/shared";
import type { Run } from "./run.js";

/**
 * Resolves with the reading of the answer stored at `answerSeq`, once the run has decided whether
 * a person confirms it; undefined when the answer was not read (routed at once) or after `waitMs`.
 * `stored` gives the events already stored after a seq, so nothing between answering and listening is missed.
 */
export function readingAfter(run: Run, answerSeq: number, stored: (afterSeq: number) => Promise<RunEvent[]>, waitMs: number): Promise<AnswerReading | undefined> {
  return new Promise((resolve) => {
    let reading: AnswerReading | undefined;
    let seen = answerSeq;
    const finish = (value: AnswerReading | undefined) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    };
    // Events in order after the answer: the first that is not the reading decides.
    const look = (e: RunEvent): void => {
      if (e.seq <= seen) return;
      seen = e.seq;
      if (e.type === "reply.read" && !reading) {
        reading = { outcome: e.outcome, reason: e.reason, judge: e.judge };
      } else if (e.type === "human.requested") {
        finish(reading && e.reading ? { ...reading, confirm: confirmOf(e) } : reading);
      } else if (e.type === "route.taken" || e.type === "run.finished") {
        finish(reading);
      }
    };
    const timer = setTimeout(() => finish(reading), waitMs);
    // Live events wait until the stored ones have been looked at, so that all are seen in order.
    let early: RunEvent[] | undefined = [];
    const unsubscribe = run.subscribe((e) => (early ? void early.push(e) : look(e)));
    const goLive = () => {
      const pending = early ?? [];
      early = undefined;
      for (const e of pending) look(e);
    };
    stored(answerSeq).then(
      (events) => {
        for (const e of events) look(e);
        goLive();
      },
      // The store did not answer: the live events still tell.
      goLive,
    );
  });
}

function confirmOf(e: Extract<RunEvent, { type: "human.requested" }>): NonNullable<AnswerReading["confirm"]> {
  return {
    requestId: e.requestId,
    ...(e.deadline !== undefined ? { deadline: e.deadline } : {}),
    ...(e.defaultOutcome !== undefined ? { defaultOutcome: e.defaultOutcome } : {}),
  };
}
