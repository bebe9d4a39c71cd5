// The editor's start form: the run's input, step mode, the breakpoints set, and Run; and, once
// a run has finished, a way to take it off the canvas.
import { useEffect, useRef } from "react";
import { useValidation } from "../canvas/validation.js";
import { paths, replaceRoute } from "../router.js";
import { clearBreakpoints, useBreakpointCount } from "../run-view/breakpoints.js";
import { useRunState } from "../run-view/context.js";
import { RUN_KEYS } from "../run-view/labels.js";
import { documentStore } from "../stores/document.js";
import { startRun } from "./runCommands.js";
import { setPanel, usePanel } from "./runPanel.js";

export const RUN_INPUT_ID = "run-input";

export function RunComposer() {
  const input = usePanel((p) => p.input);
  const stepMode = usePanel((p) => p.stepMode);
  const starting = usePanel((p) => p.starting);
  const startError = usePanel((p) => p.startError);
  const focusNonce = usePanel((p) => p.focusNonce);
  const errors = useValidation((c) => c.errors);
  const breakpoints = useBreakpointCount();
  const shown = useRunState((s) => s.runId !== "", false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focusNonce) field.current?.focus();
  }, [focusNonce]);

  return (
    <form
      className="run-composer"
      aria-label="Start a run"
      onSubmit={(e) => {
        e.preventDefault();
        void startRun();
      }}
    >
      <div className="run-composer-head">
        <label htmlFor={RUN_INPUT_ID} className="run-composer-label">
          Run input
        </label>
        {shown && (
          <button type="button" className="link-btn small" onClick={() => replaceRoute(paths.editor(documentStore.getState().flowId!))}>
            Clear the run from the canvas
          </button>
        )}
      </div>
      <textarea
        id={RUN_INPUT_ID}
        ref={field}
        className="input"
        rows={3}
        value={input}
        placeholder="What should the flow work on?"
        onChange={(e) => setPanel({ input: e.target.value })}
      />
      <div className="run-composer-row">
        <label className="run-check" title="Pause before every agent and human node">
          <input type="checkbox" checked={stepMode} onChange={(e) => setPanel({ stepMode: e.target.checked })} /> Step through
        </label>
        {breakpoints > 0 && (
          <span className="muted small">
            {breakpoints} breakpoint{breakpoints === 1 ? "" : "s"} ·{" "}
            <button type="button" className="link-btn" onClick={clearBreakpoints}>
              clear
            </button>
          </span>
        )}
        <button type="submit" className="btn btn-primary run-start" disabled={starting || !input.trim() || errors > 0} title={`Run the latest saved version (${RUN_KEYS.run})`}>
          {starting ? "Starting…" : "Start run"}
        </button>
      </div>
      {errors > 0 && <p className="field-hint">Fix the flow's problems to run it.</p>}
      {startError && (
        <p className="field-error" role="alert">
          {startError}
        </p>
      )}
    </form>
  );
}
