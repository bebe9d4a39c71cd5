// A run view that follows the given run live (none: an empty view), for the page that shows it.
import { useEffect, useState } from "react";
import { followRun } from "./live.js";
import { createRunView, loadEvents, setLink, type RunViewStore } from "./store.js";

export function useLiveRun(runId: string | undefined): RunViewStore {
  const [store] = useState(createRunView);
  useEffect(() => {
    if (runId) return followRun(store, runId);
    loadEvents(store, []);
    setLink(store, "idle");
  }, [store, runId]);
  return store;
}
