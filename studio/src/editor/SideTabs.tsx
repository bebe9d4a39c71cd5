// The editor's right-hand column: the inspector, the run panel, or the flow's history. The Run
// tab shows a dot when the run needs a person, and the tab's title says so too.
import { useReactFlow } from "@xyflow/react";
import { useEffect, type ReactNode } from "react";
import { EDITOR_FIT_VIEW, fitFlow } from "../canvas/viewport.js";
import { HistoryPanel } from "../history/HistoryPanel.js";
import { useRunState } from "../run-view/context.js";
import { RunPanel } from "../run/RunPanel.js";
import { useRunKeys } from "../run/useRunKeys.js";
import { useRunTitle } from "../run/useRunTitle.js";
import { useDocument } from "../stores/document.js";
import { RunComposer } from "./RunComposer.js";
import { setPanel, usePanel } from "./runPanel.js";

export function SideTabs({ inspector }: { inspector: ReactNode }) {
  const tab = usePanel((p) => p.tab);
  const waiting = useRunState((s) => s.status === "waiting", false);
  const name = useDocument((s) => s.flow.name);
  useRunTitle(name);
  useRunKeys();
  // The run tab is wider than the inspector: fit the flow to the canvas that is left.
  const rf = useReactFlow();
  useEffect(() => {
    const frame = requestAnimationFrame(() => fitFlow(rf, EDITOR_FIT_VIEW));
    return () => cancelAnimationFrame(frame);
  }, [tab, rf]);
  return (
    <aside className={`side side-${tab}`} aria-label="Side panel">
      <div className="side-tabs" role="tablist" aria-label="Inspector or run">
        <button type="button" role="tab" className="side-tab" aria-selected={tab === "inspect"} onClick={() => setPanel({ tab: "inspect" })}>
          Inspector
        </button>
        <button type="button" role="tab" className="side-tab" aria-selected={tab === "run"} onClick={() => setPanel({ tab: "run" })}>
          Run
          {waiting && <span className="tab-dot" title="A person is needed" aria-label="needs a person" />}
        </button>
        <button type="button" role="tab" className="side-tab" aria-selected={tab === "history"} onClick={() => setPanel({ tab: "history" })}>
          History
        </button>
      </div>
      <div className="side-body" role="tabpanel">
        {tab === "inspect" ? inspector : tab === "run" ? <RunPanel composer={<RunComposer />} empty={<RunHint />} /> : <HistoryPanel />}
      </div>
    </aside>
  );
}

function RunHint() {
  return (
    <div className="run-empty">
      <p>Type what the flow should work on and start a run. Its messages stream here as they are written, and a person is asked here when the flow needs one.</p>
      <p className="muted small">To stop before a node, click the dot at its top-left corner (a breakpoint), or tick Step through.</p>
    </div>
  );
}
