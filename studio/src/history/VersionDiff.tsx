// Two versions compared, over the editor's canvas: the flow drawn read-only with what was added
// (green), removed (red, dashed, a ghost of the older version) and changed (amber), and the
// changes listed below it. Opened from the History tab; Close (or Escape) returns to editing.
import type { Flow } from "@tandem/shared";
import { useEffect, useMemo, useState } from "react";
import { api } from "../api/client.js";
import { ReadOnlyCanvas } from "../canvas/ReadOnlyCanvas.js";
import { createRunView } from "../run-view/store.js";
import { RunViewProvider } from "../run-view/context.js";
import { useDocument } from "../stores/document.js";
import { ChangeList } from "./ChangeList.js";
import { drawDiff } from "./drawDiff.js";
import { closeComparison, useHistoryState, type Comparison } from "./store.js";

export function VersionDiff() {
  const comparing = useHistoryState((s) => s.comparing);
  const flowId = useDocument((s) => s.flowId);
  if (!comparing || !flowId) return null;
  return <Compared key={`${comparing.older}-${comparing.newer}`} flowId={flowId} comparing={comparing} />;
}

type Load = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; older: Flow; newer: Flow };

function Compared({ flowId, comparing }: { flowId: string; comparing: Comparison }) {
  const { older, newer } = comparing;
  const [load, setLoad] = useState<Load>({ state: "loading" });
  // The canvas shows no run: the editor's run is of the draft, not of these versions.
  const [noRun] = useState(createRunView);

  useEffect(() => {
    let live = true;
    Promise.all([api.getFlow(flowId, older), api.getFlow(flowId, newer)]).then(
      ([a, b]) => live && setLoad({ state: "ready", older: a.flow, newer: b.flow }),
      (e: Error) => live && setLoad({ state: "failed", message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [flowId, older, newer]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && closeComparison();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const drawing = useMemo(() => (load.state === "ready" ? drawDiff(load.older, load.newer) : null), [load]);
  const marks = useMemo(
    () => drawing && { nodes: classesOf(drawing.nodes), edges: classesOf(drawing.edges) },
    [drawing],
  );

  return (
    <section className="version-diff" aria-label={`Changes from version ${older} to version ${newer}`}>
      <header className="version-diff-head">
        <h2>
          Changes from v{older} to v{newer}
        </h2>
        <ul className="diff-legend" aria-label="Legend">
          <li className="legend-added">added</li>
          <li className="legend-removed">removed</li>
          <li className="legend-changed">changed</li>
        </ul>
        <button type="button" className="btn btn-sm" onClick={closeComparison}>
          Close
        </button>
      </header>
      {load.state === "loading" && <p className="muted version-diff-status">Loading both versions…</p>}
      {load.state === "failed" && <p className="error version-diff-status" role="alert">These versions could not be read: {load.message}</p>}
      {drawing && marks && load.state === "ready" && (
        <div className="version-diff-body">
          <div className="diff-stage">
            <RunViewProvider store={noRun}>
              <ReadOnlyCanvas flow={drawing.flow} label="Changes canvas" className="diff-canvas" marks={marks} />
            </RunViewProvider>
          </div>
          <ChangeList diff={drawing.diff} older={{ version: older, flow: load.older }} newer={{ version: newer, flow: load.newer }} />
        </div>
      )}
    </section>
  );
}

const classesOf = (marks: ReadonlyMap<string, string>) => new Map([...marks].map(([id, mark]) => [id, `diff-${mark}`]));
