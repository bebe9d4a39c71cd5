// The editor's canvas: the document drawn with the editor's selection and sizes, and what a
// person does on it turned into document edits (undoable) or view state (selection, sizes).
import { useMemo } from "react";
import { Canvas, type CanvasEdits } from "../canvas/Canvas.js";
import { connect, removeElements, setPositions } from "../flow/edits.js";
import { beginGesture, edit, endGesture, useDocument } from "../stores/document.js";
import { applySelection, select, setMeasured, useUi } from "../stores/ui.js";
import { addNodeAt } from "./commands.js";

const EDITS: CanvasEdits = {
  // Outside a drag this is a keyboard nudge: held arrow keys merge into one undo step.
  onMove: (positions) => edit((f) => setPositions(f, positions), "nudge"),
  onSelect: applySelection,
  onDelete: (nodeIds, edgeIds) => {
    edit((f) => removeElements(f, nodeIds, edgeIds));
    select();
  },
  onConnect: (c) => {
    let created: string | undefined;
    edit((f) => {
      const result = connect(f, c);
      created = result.edgeId;
      return result.flow;
    });
    // Select the new edge so its condition can be set straight away in the inspector.
    if (created) select([], [created]);
  },
  onGestureStart: beginGesture,
  onGestureEnd: endGesture,
  onDropNode: (kind, at) => void addNodeAt(kind, at),
};

export function EditorCanvas() {
  const flow = useDocument((s) => s.flow);
  const selectedNodes = useUi((s) => s.selectedNodes);
  const selectedEdges = useUi((s) => s.selectedEdges);
  const measured = useUi((s) => s.measured);
  const focus = useUi((s) => s.focusRequest);
  const view = useMemo(() => ({ selectedNodes, selectedEdges, measured }), [selectedNodes, selectedEdges, measured]);
  return <Canvas flow={flow} label="Flow canvas" view={view} onMeasure={setMeasured} edits={EDITS} focus={focus} />;
}
