// The run view: a run's events folded by the shared reducer into one RunState, plus a version
// counter. The reducer updates the state in place (a streamed token costs O(1)), so a
// subscriber cannot compare states: it selects plain values, or the version. Live runs (an
// event stream), replays and the tasks page each feed a store of their own.
import { applyEvent, fold, type RunEvent, type RunState } from "@tandem/shared";
import { createStore, type StoreApi } from "zustand/vanilla";

/** How the events reach the view: set by whatever feeds it (a replay leaves it "idle"). */
export type Link = "idle" | "loading" | "live" | "reconnecting" | "done";

export interface RunView {
  state: RunState | null;
  /** Counts changes to `state`. */
  version: number;
  link: Link;
  /** Why the run could not be loaded or followed. */
  failure: string | null;
}

export type RunViewStore = StoreApi<RunView>;

export function createRunView(): RunViewStore {
  return createStore<RunView>()(() => ({ state: null, version: 0, link: "idle", failure: null }));
}

/** Starts over from these events (none: no run). */
export function loadEvents(store: RunViewStore, events: readonly RunEvent[]) {
  store.setState((v) => ({ state: events.length ? fold(events) : null, version: v.version + 1, failure: null }));
}

/**
 * Folds the events that are new: a stream that reconnects sends again what the view has,
 * and those are dropped by seq. Subscribers hear of a batch once. Returns how many were new.
 */
export function applyEvents(store: RunViewStore, events: Iterable<RunEvent>): number {
  let state = store.getState().state;
  let applied = 0;
  for (const e of events) {
    if (state && e.seq <= state.lastSeq) continue;
    state ??= fold([]);
    applyEvent(state, e);
    applied++;
  }
  if (applied) store.setState((v) => ({ state, version: v.version + 1 }));
  return applied;
}

export function setLink(store: RunViewStore, link: Link, failure: string | null = null) {
  store.setState({ link, failure });
}
