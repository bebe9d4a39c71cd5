// The editor's top bar: back to flows, the flow's name and state, and its commands.
import type { MouseEvent } from "react";
import { useReactFlow } from "@xyflow/react";
import { AccountMenu } from "../auth/AccountMenu.js";
import { useWhyNot } from "../auth/permissions.js";
import { useValidation } from "../canvas/validation.js";
import { PublishButton } from "../deployments/PublishButton.js";
import type { CanvasEdge, CanvasNode } from "../flow/reactflow.js";
import { SaveMessage } from "../history/SaveMessage.js";
import { navigate, paths } from "../router.js";
import { redo, undo, useDocument, useHistory } from "../stores/document.js";
import { setView, useUi } from "../stores/ui.js";
import { BackIcon, CanvasIcon, CodeIcon, DownloadIcon, LayoutIcon, RedoIcon, SaveIcon, UndoIcon } from "../ui/icons.js";
import { MOD } from "../ui/keys.js";
import { autoLayout, exportDocument, saveDocument } from "./commands.js";
import { RunButton } from "./RunButton.js";

export function Toolbar() {
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  const name = useDocument((s) => s.flow.name);
  const flowId = useDocument((s) => s.flowId);
  const version = useDocument((s) => s.version);
  const dirty = useDocument((s) => s.flow !== s.saved);
  const savedValid = useDocument((s) => s.savedValid);
  const stored = useDocument((s) => s.flowId !== null);
  const canUndo = useHistory((h) => h.canUndo);
  const canRedo = useHistory((h) => h.canRedo);
  const errors = useValidation((c) => c.errors);
  const view = useUi((s) => s.view);
  const saving = useUi((s) => s.saving);
  const readOnly = useWhyNot("flows.write");

  return (
    <header className="toolbar" aria-label="Editor">
      <a className="btn btn-ghost" href={`#${paths.flows()}`} aria-label="Back to flows" onClick={leaveByLink}>
        <BackIcon /> Flows
      </a>
      <div className="toolbar-title">
        <h1 className="flow-name">{name}</h1>
        {version !== null && <span className="muted small">v{version}</span>}
        {!stored && <span className="badge badge-muted">New · not saved yet</span>}
        {stored && !dirty && !savedValid && <span className="badge badge-warning">Draft · invalid</span>}
        <span className="unsaved" aria-live="polite">
          {dirty && (
            <>
              <span className="unsaved-dot" aria-hidden="true" /> Unsaved changes
            </>
          )}
        </span>
      </div>
      <div className="toolbar-group">
        <button type="button" className="icon-btn" onClick={undo} disabled={!canUndo} aria-label="Undo" title={`Undo (${MOD}Z)`}>
          <UndoIcon />
        </button>
        <button type="button" className="icon-btn" onClick={redo} disabled={!canRedo} aria-label="Redo" title={`Redo (${MOD}Shift+Z)`}>
          <RedoIcon />
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" className="btn btn-ghost" onClick={() => void autoLayout(rf)} aria-label="Auto-layout" title="Arrange the nodes left to right">
          <LayoutIcon /> Layout
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          aria-pressed={view === "json"}
          onClick={() => setView(view === "json" ? "canvas" : "json")}
          aria-label={view === "json" ? "Show canvas" : "Show JSON"}
        >
          {view === "json" ? <CanvasIcon /> : <CodeIcon />} {view === "json" ? "Canvas" : "JSON"}
        </button>
        <button type="button" className="btn btn-ghost" onClick={exportDocument} aria-label="Export JSON" title="Download the flow as a JSON file">
          <DownloadIcon /> Export
        </button>
      </div>
      <RunButton />
      <SaveMessage onSave={() => void saveDocument()} disabled={!!readOnly} />
      <PublishButton flowId={flowId} flowName={name} version={version} unsaved={dirty} />
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => void saveDocument()}
        disabled={saving || !!readOnly}
        aria-label="Save"
        title={readOnly ?? `Save a new version (${MOD}S)${errors ? " — as a draft: the flow has problems" : ""}`}
      >
        <SaveIcon /> {saving ? "Saving…" : errors ? "Save draft" : "Save"}
      </button>
      <AccountMenu />
    </header>
  );
}

/** A plain click goes through the router, which asks first when there are unsaved changes; a
 *  middle or modified click is the browser's (a new tab leaves this one as it is). */
function leaveByLink(e: MouseEvent<HTMLAnchorElement>) {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(paths.flows());
}
