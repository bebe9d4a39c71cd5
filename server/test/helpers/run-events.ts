// Waiting on a run's events in engine tests: an event already stored, or the next one published.
import type { EventOf, RunEvent, RunEventType } from "@tandem/shared";
import type { Engine } from "../../src/engine/engine.js";
import type { Run } from "../../src/engine/run.js";

/** The first event of `type` (matching `pred`) of the run: already stored, or the next one published. */
export function waitEvent<T extends RunEventType>(
  engine: Engine,
  run: Run,
  type: T,
  pred: (e: EventOf<T>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<EventOf<T>> {
  // Each event is judged once (a predicate may count), whether it is heard or read first.
  const judged = new Set<number>();
  const ok = (e: RunEvent): e is EventOf<T> => {
    if (judged.has(e.seq)) return false;
    judged.add(e.seq);
    return e.type === type && pred(e as EventOf<T>);
  };
  const ended = (e: RunEvent | undefined) => new Error(`no ${type} event: the run ended first (${JSON.stringify(e)})`);
  return new Promise((resolveEvent, reject) => {
    const stop = () => {
      clearTimeout(timer);
      off();
    };
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} event within ${timeoutMs} ms (run is ${run.state.status})`));
    }, timeoutMs);
    // Listening before the store is read: an event stored while it is read is still heard.
    const off = run.subscribe((e) => {
      const end = e.type === "run.finished" && !judged.has(e.seq);
      if (ok(e)) {
        stop();
        resolveEvent(e);
      } else if (end) {
        stop();
        reject(ended(e));
      }
    });
    engine.events(run.id).then((events) => {
      const stored = events.find(ok);
      if (stored) {
        stop();
        resolveEvent(stored);
      } else if (events.at(-1)?.type === "run.finished") {
        stop();
        reject(ended(events.at(-1)));
      }
    }, reject);
  });
}
