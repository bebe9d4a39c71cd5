// One run on its own (#/runs/:runId): its canvas and its panel, live. Runs of inline flows and
// the tasks page open here; a run of a saved flow can also be opened in its editor.
import { navigate, paths } from "../router.js";
import { RunViewProvider, useRunState } from "../run-view/context.js";
import { useLiveRun } from "../run-view/useLiveRun.js";
import { RunCanvas } from "../run/RunCanvas.js";
import { RunPanel } from "../run/RunPanel.js";
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
  useRunTitle(name || "Run");
  useRunKeys();
  return (
    <div className="run-page">
      <header className="toolbar">
        <button type="button" className="btn btn-ghost" onClick={() => navigate(paths.flows())} aria-label="Back to flows">
          <BackIcon /> Flows
        </button>
        <div className="toolbar-title">
          <h1 className="flow-name">{name || "Run"}</h1>
          <span className="muted small mono">{runId}</span>
        </div>
        {flowId && (
          <a className="btn btn-ghost" href={`#${paths.editorRun(flowId, runId)}`}>
            Open in the editor
          </a>
        )}
        <TasksLink />
      </header>
      <main className="run-page-canvas">
        <RunCanvas />
      </main>
      <aside className="run-page-side">
        <RunPanel />
      </aside>
    </div>
  );
}
