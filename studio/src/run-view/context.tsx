// Which run view the components below show: the live run in the editor, a replay, a task.
// Components read it with selectors, so each re-renders only when what it shows changes.
import type { RunState } from "@tandem/shared";
import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";
import { createRunView, type RunView, type RunViewStore } from "./store.js";

const RunViewContext = createContext<RunViewStore | null>(null);
/** Stands in where no run is shown (the editor before a run): every selector gets null. */
const NO_RUN = createRunView();

export function RunViewProvider({ store, children }: { store: RunViewStore; children: ReactNode }) {
  return <RunViewContext.Provider value={store}>{children}</RunViewContext.Provider>;
}

export function useRunViewStore(): RunViewStore {
  return useContext(RunViewContext) ?? NO_RUN;
}

/** Selects from the run view; return plain values (the state is updated in place). */
export function useRunView<T>(select: (view: RunView) => T): T {
  return useStore(useRunViewStore(), select);
}

/** Selects from the run's state, or gives `none` when no run is shown. */
export function useRunState<T>(select: (state: RunState) => T, none: T): T {
  return useRunView((v) => (v.state ? select(v.state) : none));
}
