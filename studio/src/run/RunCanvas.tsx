// A read-only canvas of the run in view: its flow (as the run saw it) with every node's status,
// the edge taken last, that flow's own problems, and no editing. The run page uses it, and so
// does a replay; each has its own React Flow and validation store.
import type { Flow } from "@tandem/shared";
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";
import { Canvas } from "../canvas/Canvas.js";
import { createValidation, ValidationProvider } from "../canvas/validation.js";
import type { Size } from "../flow/reactflow.js";
import { useRunState } from "../run-view/context.js";

const NONE: ReadonlySet<string> = new Set();

export function RunCanvas() {
  const flow = useRunState((s) => s.flow, null);
  if (!flow) return <div className="canvas run-canvas" />;
  return (
    <ReactFlowProvider>
      <FlowOfRun flow={flow} />
    </ReactFlowProvider>
  );
}

function FlowOfRun({ flow }: { flow: Flow }) {
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(new Map());
  const view = useMemo(() => ({ selectedNodes: NONE, selectedEdges: NONE, measured }), [measured]);
  const validation = useMemo(() => createValidation(flow), [flow]);
  const onMeasure = useCallback((sizes: readonly { id: string; size: Size }[]) => {
    setMeasured((m) => new Map([...m, ...sizes.map(({ id, size }) => [id, size] as const)]));
  }, []);
  return (
    <ValidationProvider store={validation}>
      <Canvas flow={flow} label="Run canvas" className="run-canvas" view={view} onMeasure={onMeasure} />
    </ValidationProvider>
  );
}
