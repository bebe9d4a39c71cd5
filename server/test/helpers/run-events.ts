// Waiting on a run's events in engine tests: an event already stored, or the next one published.
import type { EventOf, RunEvent, RunEventType } from "@tandem/shared";
import type { Engine } from "../../src/engine/engine.js";
import type { Run } from "../../src/engine/run.js";

/** The first event of `type` (matching `pred`) of the run: already stored, or the next one published. */
export async function waitEvent<T extends RunEventType>(
  engine: Engine,
  run: Run,
  type: T,
  pred: (e: EventOf<T>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<EventOf<T>> {
  const ok = (e: RunEvent): e is EventOf<T> => e.type === type && pred(e as EventOf<T>);
  const ended = (e: RunEvent | undefined) => new Error(`no ${type} event: the run ended first (${JSON.stringify(e)})`);
  // Listening before the store is read: an event stored meanwhile is published too.
  let stop = () => {};
  const published = new Promise<EventOf<T>>((resolveEvent, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${type} event within ${timeoutMs} ms (run is ${run.state.status})`));
    }, timeoutMs);
    const off = run.subscribe((e) => {
      if (ok(e)) {
        stop();
        resolveEvent(e);
      } else if (e.type === "run.finished") {
        stop();
        reject(ended(e));
      }
    });
    stop = () => {
      clearTimeout(timer);
      off();
    };
  });
  const events = await engine.events(run.id);
  const stored = events.find(ok);
  const last = events.at(-1);
  if (stored || last?.type === "run.finished") {
    stop();
    published.catch(() => {});
    if (stored) return stored;
    throw ended(last);
  }
  return published;
}
