// Debugger keys for the run in view: F8 continue / pause, F10 step, Shift+F5 cancel.
import { isFinished } from "@tandem/shared";
import { useEffect } from "react";
import { useRunViewStore } from "../run-view/context.js";
import { controlRun } from "./commands.js";

export function useRunKeys() {
  const store = useRunViewStore();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const state = store.getState().state;
      if (!state || isFinished(state)) return;
      const action =
        e.key === "F8" ? (state.status === "paused" ? "continue" : "pause") : e.key === "F10" ? "step" : e.key === "F5" && e.shiftKey ? "cancel" : null;
      if (!action) return;
      // Shift+F5 would otherwise reload the page, F10 open the browser's menu.
      e.preventDefault();
      void controlRun(state.runId, action);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [store]);
}
