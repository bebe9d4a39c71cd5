// "Re-run from here" on an agent's reply, as the page showing the run offers it: only a finished
// run's own page and its replay provide it, so the editor's live run and the tasks page show none.
import { createContext, useContext } from "react";

/** The reply a re-run starts from: its agent and its seq. */
export interface RerunTarget {
  nodeId: string;
  seq: number;
}

export const RerunContext = createContext<((target: RerunTarget) => void) | null>(null);

export const useRerun = () => useContext(RerunContext);
