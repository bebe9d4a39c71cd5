// One run on its own (#/runs/:runId): its canvas and its panel, live. Runs of inline flows,
// forks and the tasks page open here; a run of a saved flow can also be opened in its editor.
// Once the run has finished, an agent's reply can be re-run from there with other settings.
import { isFinished } from "@tandem/shared";
import { useState } from "react";
import { AccountMenu } from "../auth/AccountMenu.js";
import { paths } from "../router.js";
import { RunViewProvider, useRunState, useRunViewStore } from "../run-view/context.js";
import { useLiveRun } from "../run-view/useLiveRun.js";
import { RunCanvas } from "../run/RunCanvas.js";
import { RunPanel } from "../run/RunPanel.js";
import { RerunContext, type RerunTarget } from "../run/rerun.js";
import { RerunDialog } from "../sessions/RerunDialog.js";
import { TasksLink } from "../run/TasksLink.js";
import { useRunKeys } from "../run/useRunKeys.js";
import { useRunTitle } from "../run/useRunTitle.js";
import { BackIcon } from "../ui/icons.js";

export function RunPage({ runId }: { runId: string }) {
  const store = useLiveRun(runId);
  return (
    <RunViewProvider store={store}>
      <RunView runId={runId} />
    </RunViewProvider>
  );
}

function RunView({ runId }: { runId: string }) {
  const name = useRunState((s) => s.flow.name, "");
  const flowId = useRunState((s) => s.flowId ?? null, null);
  const parent = useRunState((s) => s.parent?.runId ?? null, null);
  const finished = useRunState(isFinished, false);
  const store = useRunViewStore();
  const [rerun, setRerun] = useState<RerunTarget | null>(null);
  useRunTitle(name || "Run");
  useRunKeys();
  return (
    <div className="run-page">
      <header className="toolbar">
        <a className="btn btn-ghost" href={`#${paths.flows()}`} aria-label="Back to flows">
          <BackIcon /> Flows
        </a>
        <div className="toolbar-title">
          <h1 className="flow-name">{name || "Run"}</h1>
          <span className="muted small mono">{runId}</span>
        </div>
        {parent && (
          <nav className="btn-row" aria-label="This fork">
            <a className="btn btn-ghost" href={`#${paths.session(runId)}`}>
              Replay
            </a>
            <a className="btn btn-ghost" href={`#${paths.session(parent)}`}>
              Parent run {parent.slice(0, 8)}
            </a>
            <a className="btn btn-ghost" href={`#${paths.compare(parent, runId)}`}>
              Compare with the parent
            </a>
          </nav>
        )}
        {flowId && (
          <a className="btn btn-ghost" href={`#${paths.editorRun(flowId, runId)}`}>
            Open in the editor
          </a>
        )}
        <TasksLink />
        <AccountMenu />
      </header>
      <main className="run-page-canvas">
        <RunCanvas />
      </main>
      <aside className="run-page-side">
        <RerunContext.Provider value={finished ? setRerun : null}>
          <RunPanel />
        </RerunContext.Provider>
      </aside>
      {rerun && store.getState().state && <RerunDialog runId={runId} state={store.getState().state!} target={rerun} onClose={() => setRerun(null)} />}
    </div>
  );
}
