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
  const ok = (e: RunEvent): e is EventOf<T> => e.type === type && pred(e as EventOf<T>);
  const events = engine.events(run.id);
  const stored = events.find(ok);
  if (stored) return Promise.resolve(stored);
  const ended = (e: RunEvent | undefined) => new Error(`no ${type} event: the run ended first (${JSON.stringify(e)})`);
  if (events.at(-1)?.type === "run.finished") return Promise.reject(ended(events.at(-1)));
  return new Promise((resolveEvent, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} event within ${timeoutMs} ms (run is ${run.state.status})`));
    }, timeoutMs);
    const off = run.subscribe((e) => {
      if (ok(e)) {
        clearTimeout(timer);
        off();
        resolveEvent(e);
      } else if (e.type === "run.finished") {
        clearTimeout(timer);
        off();
        reject(ended(e));
      }
    });
  });
}
