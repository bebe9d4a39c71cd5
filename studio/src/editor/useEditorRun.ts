// The editor's run: a live view of the run in the address (if any), a fresh run panel and this
// flow's breakpoints for each flow opened, and Ctrl/Cmd+Enter to run.
import { useEffect } from "react";
import { openBreakpoints } from "../run-view/breakpoints.js";
import type { RunViewStore } from "../run-view/store.js";
import { useLiveRun } from "../run-view/useLiveRun.js";
import { runOrAsk } from "./runCommands.js";
import { RUN_INPUT_ID } from "./RunComposer.js";
import { resetPanel } from "./runPanel.js";

export function useEditorRun(flowId: string | null, runId: string | undefined): RunViewStore {
  const store = useLiveRun(runId);
  // Only another flow starts the panel afresh: a new run of this flow keeps it as it is.
  useEffect(() => {
    resetPanel(runId ? "run" : "inspect");
    openBreakpoints(flowId);
    return () => openBreakpoints(null);
  }, [flowId]);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key !== "Enter") return;
      // Typing elsewhere (a reply to a person, an inspector field) is not a run request.
      const target = e.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
      if (typing && target.id !== RUN_INPUT_ID) return;
      e.preventDefault();
      runOrAsk();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
  return store;
}
