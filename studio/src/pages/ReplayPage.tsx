// A past run replayed (#/sessions/:runId): the flow as the run saw it, with node statuses, the
// transcript and the human card at the cursor (the live run's own components, fed by the one
// reducer), a timeline to move the cursor, the event inspector, fork (from the cursor, or from an
// agent's reply with other settings), compare and export.
import type { RunSummary } from "@tandem/shared";
import { useEffect, useState } from "react";
import { useStore } from "zustand";
import { paths } from "../router.js";
import { RunViewProvider } from "../run-view/context.js";
import { RUN_STATUS_LABEL } from "../run-view/labels.js";
import { RunCanvas } from "../run/RunCanvas.js";
import { EventInspector } from "../sessions/EventInspector.js";
import { exportRun } from "../sessions/exportRun.js";
import { RerunContext, type RerunTarget } from "../run/rerun.js";
import { ForkDialog } from "../sessions/ForkDialog.js";
import { Lineage } from "../sessions/Lineage.js";
import { PlaybackControls } from "../sessions/PlaybackControls.js";
import type { Replay } from "../sessions/replay.js";
import { ReplayTranscript } from "../sessions/ReplayTranscript.js";
import { RerunDialog } from "../sessions/RerunDialog.js";
import { Timeline } from "../sessions/Timeline.js";
import { useCursorAddress } from "../sessions/useCursorAddress.js";
import { useReplay } from "../sessions/useReplay.js";
import { BackIcon, DownloadIcon } from "../ui/icons.js";
import { PageStatus } from "../ui/PageStatus.js";
import { toast } from "../ui/toast.js";

export function ReplayPage({ runId, at }: { runId: string; at?: number }) {
  const load = useReplay(runId, at);
  if (load.state !== "ready") {
    return <PageStatus load={load} loading="Opening the run…" failed="This run could not be opened" back={{ path: paths.sessions(), label: "Back to sessions" }} />;
  }
  return (
    <RunViewProvider store={load.replay.view}>
      <ReplayView run={load.run} replay={load.replay} />
    </RunViewProvider>
  );
}

function ReplayView({ run, replay }: { run: RunSummary; replay: Replay }) {
  const [forking, setForking] = useState(false);
  const [rerun, setRerun] = useState<RerunTarget | null>(null);
  const finished = ["completed", "failed", "cancelled"].includes(run.status);
  const atEnd = useStore(replay.status, (s) => replay.event(s.cursor)?.type === "run.finished");
  const live = !run.imported && ["running", "waiting", "paused"].includes(run.status);
  useCursorAddress(run.id, replay);
  // Not the live run's title: the status at the cursor is history, not news.
  useEffect(() => {
    document.title = `Replay · ${run.flowName} — Tandem Studio`;
  }, [run.flowName]);
  return (
    <div className="replay">
      <header className="toolbar replay-toolbar">
        <a className="btn btn-ghost" href={`#${paths.sessions()}`} aria-label="Back to sessions">
          <BackIcon /> Sessions
        </a>
        <div className="toolbar-title">
          <h1 className="flow-name">{run.flowName}</h1>
          <span className={`run-status run-${run.status}`}>{RUN_STATUS_LABEL[run.status]}</span>
          <span className="muted small mono">{run.id}</span>
          {run.imported && <span className="badge badge-muted">Imported · read-only</span>}
          {live && (
            <a className="small" href={`#${paths.run(run.id)}`}>
              Still going: follow it live
            </a>
          )}
        </div>
        <Lineage run={run} />
        <div className="btn-row">
          <button type="button" className="btn btn-ghost" onClick={() => void exportRun(run.id).catch((e: Error) => toast("error", `Export failed: ${e.message}`))}>
            <DownloadIcon /> Export
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={atEnd}
            title={atEnd ? "The run has finished here: move the cursor back to re-run from an earlier event" : "A new run from this event, optionally with changes"}
            onClick={() => setForking(true)}
          >
            Re-run from here
          </button>
        </div>
      </header>
      <main className="replay-stage">
        <div className="replay-canvas">
          <RunCanvas />
        </div>
        <div className="replay-bar">
          <PlaybackControls replay={replay} />
          <Timeline replay={replay} />
        </div>
      </main>
      <RerunContext.Provider value={finished ? setRerun : null}>
        <ReplayTranscript replay={replay} onFork={() => setForking(true)} />
      </RerunContext.Provider>
      <EventInspector replay={replay} />
      {forking && <ForkDialog replay={replay} runId={run.id} onClose={() => setForking(false)} />}
      {rerun && <RerunDialog runId={run.id} state={replay.snapshots.stateAt(replay.cursor)} target={rerun} onClose={() => setRerun(null)} />}
    </div>
  );
}
