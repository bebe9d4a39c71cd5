// The editor: palette, canvas (or its JSON), inspector or run panel, and problems for one
// saved flow. With a run id (#/flows/:id/runs/:runId) it shows that run live on the canvas.
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useState } from "react";
import { api } from "../api/client.js";
import { Canvas } from "../canvas/Canvas.js";
import { Palette } from "../editor/Palette.js";
import { Toolbar } from "../editor/Toolbar.js";
import { useShortcuts } from "../editor/useShortcuts.js";
import { useUnsavedGuard } from "../editor/useUnsavedGuard.js";
import { Inspector } from "../inspector/Inspector.js";
import { JsonPanel } from "../panels/JsonPanel.js";
import { ValidationPanel } from "../panels/ValidationPanel.js";
import { paths } from "../router.js";
import { RunViewProvider } from "../run-view/context.js";
import { SideTabs } from "../editor/SideTabs.js";
import { useEditorRun } from "../editor/useEditorRun.js";
import { loadDocument } from "../stores/document.js";
import { resetUi, useUi } from "../stores/ui.js";
import { startLiveValidation } from "../stores/validation.js";

type Load = { state: "loading" } | { state: "ready" } | { state: "failed"; message: string };

export function EditorPage({ flowId, runId }: { flowId: string; runId?: string }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const run = useEditorRun(flowId, runId);

  useEffect(() => {
    let live = true;
    setLoad({ state: "loading" });
    api.getFlow(flowId).then(
      (record) => {
        if (!live) return;
        resetUi();
        loadDocument(record.flow, record.id, record.version, record.valid);
        setLoad({ state: "ready" });
      },
      (e: Error) => live && setLoad({ state: "failed", message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [flowId]);

  if (load.state === "loading") return <div className="page-message" aria-busy="true">Opening the flow…</div>;
  if (load.state === "failed") {
    return (
      <div className="page-message" role="alert">
        <p>This flow could not be opened: {load.message}</p>
        <a href={`#${paths.flows()}`}>Back to flows</a>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <RunViewProvider store={run}>
        <Editor />
      </RunViewProvider>
    </ReactFlowProvider>
  );
}

function Editor() {
  const view = useUi((s) => s.view);
  useEffect(() => startLiveValidation(), []);
  useShortcuts();
  useUnsavedGuard();
  return (
    <div className="editor">
      <Toolbar />
      <Palette />
      <main className="editor-main">
        <div className="editor-stage">
          <Canvas />
          {view === "json" && <JsonPanel />}
        </div>
        <ValidationPanel />
      </main>
      <SideTabs inspector={<Inspector />} />
    </div>
  );
}
