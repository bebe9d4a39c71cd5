// The React Flow canvas, controlled by the document store: React Flow reports changes,
// we turn them into document edits (undoable) or view state (selection, sizes).
import type { NodeKind } from "@tandem/shared";
import { NODE_KINDS } from "@tandem/shared";
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnDelete,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, type DragEvent } from "react";
import { addNodeAt } from "../editor/commands.js";
import { connect, removeElements, setPositions, type XY } from "../flow/edits.js";
import { toReactFlow, type CanvasEdge, type CanvasNode, type Size } from "../flow/reactflow.js";
import { beginGesture, edit, endGesture, useDocument } from "../stores/document.js";
import { applySelection, select, setMeasured, uiStore, useUi } from "../stores/ui.js";
import { edgeTypes } from "./edges/index.js";
import { EdgeMarkers } from "./edges/markers.js";
import { nodeTypes } from "./nodes/index.js";
import { DRAG_MIME } from "../editor/Palette.js";
import { FIT_VIEW } from "./viewport.js";

/** Above this many nodes only what is in view is rendered, and the canvas is drawn plainer. */
const LARGE_FLOW = 300;

const MINIMAP_COLORS: Record<NodeKind, string> = { start: "#a3a3a3", agent: "#818cf8", human: "#f59e0b", end: "#a3a3a3" };

export function Canvas() {
  const flow = useDocument((s) => s.flow);
  const selectedNodes = useUi((s) => s.selectedNodes);
  const selectedEdges = useUi((s) => s.selectedEdges);
  const measured = useUi((s) => s.measured);
  const focusRequest = useUi((s) => s.focusRequest);
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  const large = flow.nodes.length > LARGE_FLOW;
  const { nodes, edges } = useMemo(
    () => toReactFlow(flow, { selectedNodes, selectedEdges, measured }),
    [flow, selectedNodes, selectedEdges, measured],
  );

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const positions = new Map<string, XY>();
    const sizes: { id: string; size: Size }[] = [];
    const selections: { id: string; selected: boolean }[] = [];
    for (const change of changes) {
      if (change.type === "position" && change.position) positions.set(change.id, change.position);
      else if (change.type === "dimensions" && change.dimensions) sizes.push({ id: change.id, size: change.dimensions });
      else if (change.type === "select") selections.push(change);
      // "remove" is handled once, for nodes and edges together, in onDelete.
    }
    // Outside a drag this is a keyboard nudge: held arrow keys merge into one undo step.
    if (positions.size) edit((f) => setPositions(f, positions), "nudge");
    setMeasured(sizes);
    applySelection("nodes", selections);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    applySelection("edges", changes.filter((c) => c.type === "select"));
  }, []);

  const onDelete: OnDelete<CanvasNode, CanvasEdge> = useCallback(({ nodes: gone, edges: cut }) => {
    edit((f) => removeElements(f, new Set(gone.map((n) => n.id)), new Set(cut.map((e) => e.id))));
    select();
  }, []);

  const onConnect = useCallback((c: Connection) => {
    let created: string | undefined;
    edit((f) => {
      const result = connect(f, c);
      created = result.edgeId;
      return result.flow;
    });
    // Select the new edge so its condition can be set straight away in the inspector.
    if (created) select([], [created]);
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_MIME) as NodeKind;
      if (!NODE_KINDS.includes(kind)) return;
      e.preventDefault();
      const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // The pointer holds the node by the middle of its header.
      addNodeAt(kind, { x: at.x - 100, y: at.y - 20 });
    },
    [rf],
  );

  useEffect(() => {
    if (!focusRequest) return;
    const centre = centreOf(rf, focusRequest.kind, focusRequest.id);
    if (!centre) return;
    void rf.setCenter(centre.x, centre.y, { zoom: Math.max(rf.getZoom(), 0.9), duration: 250 });
    const selector = focusRequest.kind === "node" ? ".react-flow__node" : ".react-flow__edge";
    document.querySelector<HTMLElement>(`${selector}[data-id="${CSS.escape(focusRequest.id)}"]`)?.focus({ preventScroll: true });
  }, [focusRequest, rf]);

  return (
    <div className={large ? "canvas is-large" : "canvas"} onDragOver={onDragOver} onDrop={onDrop}>
      <EdgeMarkers />
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        onNodeDragStart={beginGesture}
        onNodeDragStop={endGesture}
        onSelectionDragStart={beginGesture}
        onSelectionDragStop={endGesture}
        deleteKeyCode={["Delete", "Backspace"]}
        snapToGrid
        snapGrid={[8, 8]}
        minZoom={0.2}
        maxZoom={2}
        fitView
        fitViewOptions={FIT_VIEW}
        onlyRenderVisibleElements={large}
        aria-label="Flow canvas"
      >
        {/* The dot grid is repainted on every pan frame: a big flow goes without it to stay smooth. */}
        {!large && <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="#d4d4d4" />}
        <MiniMap pannable zoomable nodeColor={(n) => MINIMAP_COLORS[n.type as NodeKind] ?? "#a3a3a3"} nodeStrokeWidth={0} ariaLabel="Mini map" />
        <Controls showInteractive={false} aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}

function centreOf(rf: ReturnType<typeof useReactFlow<CanvasNode, CanvasEdge>>, kind: "node" | "edge", id: string): XY | null {
  const middle = (nodeId: string): XY | null => {
    const n = rf.getInternalNode(nodeId);
    if (!n) return null;
    const size = uiStore.getState().measured.get(nodeId);
    return { x: n.internals.positionAbsolute.x + (size?.width ?? 0) / 2, y: n.internals.positionAbsolute.y + (size?.height ?? 0) / 2 };
  };
  if (kind === "node") return middle(id);
  const edge = rf.getEdge(id);
  const a = edge && middle(edge.source);
  const b = edge && middle(edge.target);
  return a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : null;
}
