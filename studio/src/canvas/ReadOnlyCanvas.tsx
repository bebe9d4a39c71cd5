// A flow drawn for reading only, with its own React Flow and its own problems: a run's flow as
// the run saw it, or two versions of a flow compared (with marks on what changed).
import type { Flow } from "@tandem/shared";
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";
import type { Size } from "../flow/reactflow.js";
import { Canvas, type CanvasMarks } from "./Canvas.js";
import { createValidation, ValidationProvider } from "./validation.js";

const NONE: ReadonlySet<string> = new Set();

interface Props {
  flow: Flow;
  label: string;
  className: string;
  marks?: CanvasMarks;
}

export function ReadOnlyCanvas(props: Props) {
  return (
    <ReactFlowProvider>
      <Drawn {...props} />
    </ReactFlowProvider>
  );
}

function Drawn({ flow, label, className, marks }: Props) {
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(new Map());
  const view = useMemo(() => ({ selectedNodes: NONE, selectedEdges: NONE, measured }), [measured]);
  const validation = useMemo(() => createValidation(flow), [flow]);
  const onMeasure = useCallback((sizes: readonly { id: string; size: Size }[]) => {
    setMeasured((m) => new Map([...m, ...sizes.map(({ id, size }) => [id, size] as const)]));
  }, []);
  return (
    <ValidationProvider store={validation}>
      <Canvas flow={flow} label={label} className={className} view={view} onMeasure={onMeasure} marks={marks} />
    </ValidationProvider>
  );
}
