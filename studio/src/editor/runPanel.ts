// The editor's run panel: which side tab is open, and the input being typed for the next run.
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";

export type SideTab = "inspect" | "run" | "history";

interface Panel {
  tab: SideTab;
  input: string;
  stepMode: boolean;
  starting: boolean;
  /** Why the last start failed (e.g. the flow has problems). */
  startError: string | null;
  /** Asks the input to take focus (the toolbar's Run with nothing typed yet). */
  focusNonce: number;
}

export const panelStore = createStore<Panel>()(() => ({ tab: "inspect", input: "", stepMode: false, starting: false, startError: null, focusNonce: 0 }));

export function usePanel<T>(select: (p: Panel) => T): T {
  return useStore(panelStore, select);
}

export function setPanel(patch: Partial<Panel>) {
  panelStore.setState(patch);
}

/** A fresh panel for a newly opened editor: on the run tab when it opens on a run. */
export function resetPanel(tab: SideTab) {
  panelStore.setState({ tab, input: "", stepMode: false, starting: false, startError: null });
}
