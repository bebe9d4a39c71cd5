// The editor: palette, canvas (or its JSON), inspector or run panel, and problems for one
// saved flow. With a run id (#/flows/:id/runs/:runId) it shows that run live on the canvas.
// Without a flow id (#/flows/new) it opens a blank flow that is stored only once saved.
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useState } from "react";
import { api } from "../api/client.js";
import { createValidation, ValidationProvider } from "../canvas/validation.js";
import { EditorCanvas } from "../editor/EditorCanvas.js";
import { Palette } from "../editor/Palette.js";
import { SideTabs } from "../editor/SideTabs.js";
import { Toolbar } from "../editor/Toolbar.js";
import { useEditorRun } from "../editor/useEditorRun.js";
import { useShortcuts } from "../editor/useShortcuts.js";
import { useUnsavedGuard } from "../editor/useUnsavedGuard.js";
import { resetHistory } from "../history/store.js";
import { VersionDiff } from "../history/VersionDiff.js";
import { Inspector } from "../inspector/Inspector.js";
import { JsonPanel } from "../panels/JsonPanel.js";
import { ValidationPanel } from "../panels/ValidationPanel.js";
import { paths } from "../router.js";
import { RunViewProvider } from "../run-view/context.js";
import { documentStore, loadDocument } from "../stores/document.js";
import { blankFlow } from "../flow/factory.js";
import { resetUi, useUi } from "../stores/ui.js";
import { followDocument } from "../stores/validation.js";
import { PageStatus, type PageLoad } from "../ui/PageStatus.js";

export function EditorPage({ flowId, runId }: { flowId: string | null; runId?: string }) {
  const [load, setLoad] = useState<PageLoad<null>>({ state: "loading" });
  const run = useEditorRun(flowId, runId);

  useEffect(() => {
    let live = true;
    if (!flowId) {
      resetUi();
      loadDocument(blankFlow(), null, null, true);
      setLoad({ state: "ready", value: null });
      return;
    }
    setLoad({ state: "loading" });
    api.getFlow(flowId).then(
      (record) => {
        if (!live) return;
        resetUi();
        resetHistory();
        loadDocument(record.flow, record.id, record.version, record.valid);
        setLoad({ state: "ready", value: null });
      },
      (e: Error) => live && setLoad({ state: "failed", message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [flowId]);

  if (load.state !== "ready") {
    return <PageStatus load={load} loading="Opening the flow…" failed="This flow could not be opened" back={{ path: paths.flows(), label: "Back to flows" }} />;
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
  // The document's problems, for this editor's canvas, panels and inspector.
  const [validation] = useState(() => createValidation(documentStore.getState().flow));
  useEffect(() => followDocument(validation), [validation]);
  useShortcuts();
  useUnsavedGuard();
  return (
    <ValidationProvider store={validation}>
      <div className="editor">
        <Toolbar />
        <Palette />
        <main className="editor-main">
          <div className="editor-stage">
            <EditorCanvas />
            {view === "json" && <JsonPanel />}
            <VersionDiff />
          </div>
          <ValidationPanel />
        </main>
        <SideTabs inspector={<Inspector />} />
      </div>
    </ValidationProvider>
  );
}
