// The node kinds, to drag onto the canvas (HTML5 drag and drop) or to click (adds in view).
import type { NodeKind } from "@tandem/shared";
import { useReactFlow } from "@xyflow/react";
import type { DragEvent, ReactNode } from "react";
import { DRAG_MIME } from "../canvas/Canvas.js";
import type { CanvasEdge, CanvasNode } from "../flow/reactflow.js";
import { AgentIcon, EndIcon, PersonIcon, StartIcon } from "../ui/icons.js";
import { addNodeInView } from "./commands.js";

const ITEMS: { kind: NodeKind; label: string; hint: string; icon: ReactNode }[] = [
  { kind: "start", label: "Start", hint: "The run's input", icon: <StartIcon /> },
  { kind: "agent", label: "Agent", hint: "A model call", icon: <AgentIcon /> },
  { kind: "human", label: "Human", hint: "A person decides", icon: <PersonIcon /> },
  { kind: "end", label: "End", hint: "Finishes the run", icon: <EndIcon /> },
];

export function Palette() {
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  const onDragStart = (e: DragEvent, kind: NodeKind) => {
    e.dataTransfer.setData(DRAG_MIME, kind);
    e.dataTransfer.effectAllowed = "copy";
  };
  const onClick = (kind: NodeKind) => {
    const canvas = document.querySelector<HTMLElement>(".canvas");
    if (canvas) addNodeInView(kind, rf, canvas);
  };
  return (
    <nav className="palette" aria-label="Node palette">
      <h2 className="panel-title">Add</h2>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.kind}>
            <button
              type="button"
              className={`palette-item palette-${item.kind}`}
              draggable
              onDragStart={(e) => onDragStart(e, item.kind)}
              onClick={() => onClick(item.kind)}
              aria-label={`Add ${item.label} node`}
              title={`${item.hint}. Drag onto the canvas, or click to add.`}
              data-kind={item.kind}
            >
              <span className="palette-icon">{item.icon}</span>
              <span className="palette-text">
                <span className="palette-label">{item.label}</span>
                <span className="palette-hint">{item.hint}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className="palette-help">Drag from a node's right handle to another node's left handle to connect them.</p>
    </nav>
  );
}
