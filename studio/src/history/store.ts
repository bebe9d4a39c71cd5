// The editor's history state: the message for the next save (typed beside Save, sent with
// Ctrl/⌘+S too), and the two versions being compared, which the diff over the canvas shows.
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";

export interface Comparison {
  older: number;
  newer: number;
}

interface HistoryState {
  message: string;
  comparing: Comparison | null;
}

export const historyStore = createStore<HistoryState>()(() => ({ message: "", comparing: null }));

export function useHistoryState<T>(select: (s: HistoryState) => T): T {
  return useStore(historyStore, select);
}

export function setMessage(message: string) {
  historyStore.setState({ message });
}

/** Shows what changed between two versions, whichever order they were picked in. */
export function compare(a: number, b: number) {
  historyStore.setState({ comparing: { older: Math.min(a, b), newer: Math.max(a, b) } });
}

export function closeComparison() {
  historyStore.setState({ comparing: null });
}

/** A newly opened editor: no message typed, nothing compared. */
export function resetHistory() {
  historyStore.setState({ message: "", comparing: null });
}
