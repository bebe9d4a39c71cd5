// Follows a run live: its stored events (GET /api/runs/:id), then its event stream from the
// last seq on. EventSource reconnects by itself with Last-Event-ID and the store drops what
// it already has, so a dropped connection or a reload loses and doubles nothing.
import { isFinished, RUN_EVENT_TYPES, type RunEvent } from "@tandem/shared";
import { runsApi } from "../api/runs.js";
import { applyEvents, loadEvents, setLink, type RunViewStore } from "./store.js";

/** A hidden tab gets no animation frames: its events are folded at this pace instead. */
const HIDDEN_FLUSH_MS = 100;

/** Loads the run into the store and keeps it up to date until the returned function is called. */
export function followRun(store: RunViewStore, runId: string): () => void {
  let stopped = false;
  let source: EventSource | null = null;
  // Events wait for the next frame, so a fast stream costs one render per frame.
  let queue: RunEvent[] = [];
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    const batch = queue;
    queue = [];
    applyEvents(store, batch);
  };
  const enqueue = (e: RunEvent) => {
    queue.push(e);
    if (e.type === "run.finished") {
      // The server ends the stream after this; an open EventSource would reconnect.
      source?.close();
      flush();
      setLink(store, "done");
    } else if (!frame) {
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, HIDDEN_FLUSH_MS);
    }
  };

  const listen = (after: number) => {
    source = runsApi.events(runId, after);
    const onEvent = (m: MessageEvent<string>) => enqueue(JSON.parse(m.data) as RunEvent);
    // EventSource hands named events only to listeners of that name: listen to every one.
    for (const type of RUN_EVENT_TYPES) source.addEventListener(type, onEvent);
    source.onopen = () => setLink(store, "live");
    source.onerror = () => {
      if (stopped) return;
      // CLOSED: the server refused the stream (e.g. the run is gone); otherwise it is retrying.
      if (source?.readyState === EventSource.CLOSED) setLink(store, "done", "The run's live events could not be followed.");
      else setLink(store, "reconnecting");
    };
  };

  loadEvents(store, []);
  setLink(store, "loading");
  runsApi.get(runId).then(
    (record) => {
      if (stopped) return;
      loadEvents(store, record.events);
      const state = store.getState().state;
      if (!state || isFinished(state)) return setLink(store, "done");
      listen(state.lastSeq);
    },
    (e: Error) => !stopped && setLink(store, "done", e.message),
  );

  return () => {
    stopped = true;
    source?.close();
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
