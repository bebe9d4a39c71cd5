// A read-only canvas of the run in view: its flow (as the run saw it) with every node's status,
// the edge taken last, and no editing. The run page uses it; so can a replay.
import { type NodeChange, Background, BackgroundVariant, Controls, ReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { edgeTypes } from "../canvas/edges/index.js";
import { EdgeMarkers } from "../canvas/edges/markers.js";
import { nodeTypes } from "../canvas/nodes/index.js";
import { FIT_VIEW } from "../canvas/viewport.js";
import { checkFlow } from "../flow/check.js";
import { toReactFlow, type CanvasEdge, type CanvasNode, type Size } from "../flow/reactflow.js";
import { validationStore } from "../stores/validation.js";
import { useRunState } from "../run-view/context.js";

const NONE: ReadonlySet<string> = new Set();

export function RunCanvas() {
  const flow = useRunState((s) => s.flow, null);
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(new Map());
  const { nodes, edges } = useMemo(
    () => (flow ? toReactFlow(flow, { selectedNodes: NONE, selectedEdges: NONE, measured }) : { nodes: [], edges: [] }),
    [flow, measured],
  );
  // Nodes mark their problems from the validation store: make it this flow's.
  useEffect(() => {
    if (flow) validationStore.setState(checkFlow(flow), true);
  }, [flow]);
  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const sizes = changes.flatMap((c) => (c.type === "dimensions" && c.dimensions ? [[c.id, c.dimensions] as const] : []));
    if (sizes.length) setMeasured((m) => new Map([...m, ...sizes]));
  }, []);
  if (!flow) return <div className="canvas run-canvas" />;
  return (
    <div className="canvas run-canvas">
      <EdgeMarkers />
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.2}
        maxZoom={2}
        aria-label="Run canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="#d4d4d4" />
        <Controls showInteractive={false} aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}
