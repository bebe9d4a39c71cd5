// Continue / Pause, Step and Cancel for the run in view, with their keys in their titles.
// Icons, as in a debugger's toolbar; Continue also says so, being what a paused run waits for.
import { isFinished } from "@tandem/shared";
import { useRunState } from "../run-view/context.js";
import { RUN_KEYS } from "../run-view/labels.js";
import { controlRun } from "./commands.js";
import { ContinueIcon, PauseIcon, StepIcon, StopIcon } from "./ControlIcons.js";

export function RunControls() {
  const runId = useRunState((s) => s.runId, "");
  const status = useRunState((s) => s.status, null);
  const finished = useRunState(isFinished, true);
  if (!runId || finished) return null;
  const paused = status === "paused";
  return (
    <div className="run-controls" role="group" aria-label="Run controls">
      {paused ? (
        <button type="button" className="btn btn-sm btn-primary" onClick={() => void controlRun(runId, "continue")} title={`Continue to the end or the next breakpoint (${RUN_KEYS.pauseOrContinue})`}>
          <ContinueIcon /> Continue
        </button>
      ) : (
        <button type="button" className="icon-btn" onClick={() => void controlRun(runId, "pause")} aria-label="Pause" title={`Pause before the next step (${RUN_KEYS.pauseOrContinue})`}>
          <PauseIcon />
        </button>
      )}
      <button type="button" className="btn btn-sm" onClick={() => void controlRun(runId, "step")} title={`Step: run the next node, then pause (${RUN_KEYS.step})`}>
        <StepIcon /> Step
      </button>
      <button type="button" className="icon-btn icon-btn-danger" onClick={() => void controlRun(runId, "cancel")} aria-label="Cancel" title={`Cancel the run (${RUN_KEYS.cancel})`}>
        <StopIcon />
      </button>
    </div>
  );
}
