// An edge's part in the run in view: how many times it was taken (every edge of the path so far
// is marked, not only the last), and whether the run is moving along it right now.
import { isFinished, ownEntry } from "@tandem/shared";
import { useRunState } from "./context.js";

export interface EdgeRun {
  /** Times taken; 0 when not taken or when no run is shown. */
  taken: number;
  className: string;
}

export function useEdgeRun(id: string): EdgeRun {
  const taken = useRunState((s) => ownEntry(s.edgesTaken, id) ?? 0, 0);
  const live = useRunState((s) => s.lastEdgeId === id && !isFinished(s), false);
  const className = [taken > 0 && "run-edge-taken", live && "run-edge-live"].filter(Boolean).join(" ");
  return { taken, className };
}
