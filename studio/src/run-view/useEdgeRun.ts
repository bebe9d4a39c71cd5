// The edge the run in view took last: highlighted, and moving while the run is live.
import { isFinished } from "@tandem/shared";
import { useRunState } from "./context.js";

export function useEdgeRunClass(id: string): string {
  return useRunState((s) => (s.lastEdgeId !== id ? "" : isFinished(s) ? "run-edge-last" : "run-edge-live"), "");
}
