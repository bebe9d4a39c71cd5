// A read-only canvas of the run in view: its flow (as the run saw it) with every node's status,
// the edge taken last, that flow's own problems, and no editing. The run page uses it, and so
// does a replay; each has its own React Flow and validation store.
import { ReadOnlyCanvas } from "../canvas/ReadOnlyCanvas.js";
import { useRunState } from "../run-view/context.js";

export function RunCanvas() {
  const flow = useRunState((s) => s.flow, null);
  if (!flow) return <div className="canvas run-canvas" />;
  return <ReadOnlyCanvas flow={flow} label="Run canvas" className="run-canvas" />;
}
