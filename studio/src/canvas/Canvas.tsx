// One React Flow canvas for every flow the studio draws: the editor's (editable, with a mini
// map) and a run's (read-only). What it shows comes in as props and what a person does on it
// goes out through callbacks, so the canvas knows no store and no editor command.
import type { Flow, NodeKind } from "@tandem/shared";
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
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import type { XY } from "../flow/edits.js";
import { toReactFlow, type CanvasEdge, type CanvasNode, type Size, type ViewState } from "../flow/reactflow.js";
import { edgeTypes } from "./edges/index.js";
import { EdgeMarkers } from "./edges/markers.js";
import { nodeTypes } from "./nodes/index.js";
import { useMinimapClear } from "./useMinimapClear.js";
import { EDITOR_FIT_VIEW, FIT_VIEW, LARGE_FLOW, MINIMAP } from "./viewport.js";

/** What a dragged palette item carries: the kind of node to add where it is dropped. */
export const DRAG_MIME = "application/x-tandem-node";

const MINIMAP_COLORS: Record<CanvasNode["type"], string> = { start: "#a3a3a3", agent: "#818cf8", human: "#f59e0b", end: "#a3a3a3", missing: "#dc2626" };

type Selection = readonly { id: string; selected: boolean }[];

/** What editing the drawn flow does; a canvas without it is read-only. */
export interface CanvasEdits {
  /** Nodes moved: a drag frame, or arrow keys outside a drag. */
  onMove(positions: ReadonlyMap<string, XY>): void;
  /** React Flow's select changes, which come separately for nodes and for edges. */
  onSelect(kind: "nodes" | "edges", changes: Selection): void;
  onDelete(nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): void;
  onConnect(connection: Connection): void;
  /** A drag of nodes begins and ends (one undo step, however many frames). */
  onGestureStart(): void;
  onGestureEnd(): void;
  /** A palette item was dropped here: the point is where the new node's top-left goes. */
  onDropNode(kind: NodeKind, at: XY): void;
}

/** Classes to add to some nodes and edges by id (a diff's added, removed, changed). */
export interface CanvasMarks {
  nodes: ReadonlyMap<string, string>;
  edges: ReadonlyMap<string, string>;
}

export interface FocusRequest {
  kind: "node" | "edge";
  id: string;
  nonce: number;
}

interface Props {
  flow: Flow;
  /** The canvas's accessible name. */
  label: string;
  className?: string;
  view: ViewState;
  onMeasure(sizes: readonly { id: string; size: Size }[]): void;
  edits?: CanvasEdits;
  /** Brings a node or an edge into view (the canvas owns the viewport). */
  focus?: FocusRequest | null;
  marks?: CanvasMarks;
}

export function Canvas({ flow, label, className, view, onMeasure, edits, focus, marks }: Props) {
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  const large = flow.nodes.length > LARGE_FLOW;
  const { nodes, edges } = useMemo(() => {
    const drawn = toReactFlow(flow, view);
    if (!marks) return drawn;
    const mark = <T extends { id: string }>(items: T[], classes: ReadonlyMap<string, string>) =>
      items.map((x) => (classes.has(x.id) ? { ...x, className: classes.get(x.id) } : x));
    return { nodes: mark(drawn.nodes, marks.nodes), edges: mark(drawn.edges, marks.edges) };
  }, [flow, view, marks]);
  // Fit only a flow that has nodes when the canvas opens: asked on an empty canvas, React Flow
  // keeps the fit waiting and moves the first dropped node away from where it was dropped.
  const [fitOnOpen] = useState(() => flow.nodes.length > 0);
  const fitOptions = edits ? EDITOR_FIT_VIEW : FIT_VIEW;
  const frame = useRef<HTMLDivElement>(null);
  useMinimapClear(frame, !!edits);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const positions = new Map<string, XY>();
      const sizes: { id: string; size: Size }[] = [];
      const selections: { id: string; selected: boolean }[] = [];
      for (const change of changes) {
        if (change.type === "position" && change.position) positions.set(change.id, change.position);
        else if (change.type === "dimensions" && change.dimensions) sizes.push({ id: change.id, size: change.dimensions });
        else if (change.type === "select") selections.push(change);
        // "remove" is handled once, for nodes and edges together, in onDelete.
      }
      if (positions.size) edits?.onMove(positions);
      if (sizes.length) onMeasure(sizes);
      if (selections.length) edits?.onSelect("nodes", selections);
    },
    [edits, onMeasure],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<CanvasEdge>[]) => {
      const selections = changes.filter((c) => c.type === "select");
      if (selections.length) edits?.onSelect("edges", selections);
    },
    [edits],
  );

  const onDelete: OnDelete<CanvasNode, CanvasEdge> = useCallback(
    ({ nodes: gone, edges: cut }) => edits?.onDelete(new Set(gone.map((n) => n.id)), new Set(cut.map((e) => e.id))),
    [edits],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_MIME) as NodeKind;
      if (!edits || !NODE_KINDS.includes(kind)) return;
      e.preventDefault();
      // Not snapped to the grid: the node lands exactly where it is let go (a drag snaps it later).
      const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }, { snapToGrid: false });
      // The pointer holds the node by the middle of its header.
      edits.onDropNode(kind, { x: at.x - 100, y: at.y - 20 });
    },
    [rf, edits],
  );

  useEffect(() => {
    if (!focus) return;
    const centre = centreOf(rf, focus.kind, focus.id);
    if (!centre) return;
    void rf.setCenter(centre.x, centre.y, { zoom: Math.max(rf.getZoom(), 0.9), duration: 250 });
    const selector = focus.kind === "node" ? ".react-flow__node" : ".react-flow__edge";
    document.querySelector<HTMLElement>(`${selector}[data-id="${CSS.escape(focus.id)}"]`)?.focus({ preventScroll: true });
  }, [focus, rf]);

  const classes = ["canvas", className, large && "is-large"].filter(Boolean).join(" ");
  return (
    <div ref={frame} className={classes} onDragOver={edits && onDragOver} onDrop={edits && onDrop}>
      <EdgeMarkers />
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={edits?.onConnect}
        onNodeDragStart={edits?.onGestureStart}
        onNodeDragStop={edits?.onGestureEnd}
        onSelectionDragStart={edits?.onGestureStart}
        onSelectionDragStop={edits?.onGestureEnd}
        nodesDraggable={!!edits}
        nodesConnectable={!!edits}
        elementsSelectable={!!edits}
        deleteKeyCode={edits ? ["Delete", "Backspace"] : null}
        snapToGrid
        snapGrid={[8, 8]}
        minZoom={0.2}
        maxZoom={2}
        fitView={fitOnOpen}
        fitViewOptions={fitOptions}
        onlyRenderVisibleElements={large}
        aria-label={label}
      >
        {/* The dot grid is repainted on every pan frame: a big flow goes without it to stay smooth. */}
        {!large && <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="#d4d4d4" />}
        {edits && (
          <MiniMap
            pannable
            zoomable
            style={{ width: MINIMAP.width, height: MINIMAP.height, margin: MINIMAP.margin }}
            nodeColor={(n) => MINIMAP_COLORS[n.type as CanvasNode["type"]] ?? "#a3a3a3"}
            nodeStrokeWidth={0}
            ariaLabel="Mini map"
          />
        )}
        <Controls showInteractive={false} fitViewOptions={fitOptions} aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}

function centreOf(rf: ReturnType<typeof useReactFlow<CanvasNode, CanvasEdge>>, kind: "node" | "edge", id: string): XY | null {
  const middle = (nodeId: string): XY | null => {
    const n = rf.getInternalNode(nodeId);
    if (!n) return null;
    return { x: n.internals.positionAbsolute.x + (n.measured.width ?? 0) / 2, y: n.internals.positionAbsolute.y + (n.measured.height ?? 0) / 2 };
  };
  if (kind === "node") return middle(id);
  const edge = rf.getEdge(id);
  const a = edge && middle(edge.source);
  const b = edge && middle(edge.target);
  return a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : null;
}
