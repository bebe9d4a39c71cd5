// Editor keys: save, undo/redo, copy/paste, select all, Escape. Delete and arrow keys are
// React Flow's own (it ignores them while typing in a field).
import { useReactFlow } from "@xyflow/react";
import { useEffect } from "react";
import type { CanvasEdge, CanvasNode } from "../flow/reactflow.js";
import { redo, undo } from "../stores/document.js";
import { select } from "../stores/ui.js";
import { copySelection, deleteSelection, paste, saveDocument, selectAll } from "./commands.js";

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export function useShortcuts() {
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "s") {
        e.preventDefault();
        void saveDocument();
        return;
      }
      if (mod && (key === "z" || key === "y")) {
        // The JSON text keeps the browser's own undo: it is a draft, not yet the document.
        if (e.target instanceof HTMLElement && e.target.closest("[data-native-undo]")) return;
        e.preventDefault();
        if (key === "y" || e.shiftKey) redo();
        else undo();
        return;
      }
      if (isTyping(e.target) || e.defaultPrevented) return;
      if (mod && key === "c") {
        if (copySelection(rf)) e.preventDefault();
      } else if (mod && key === "x") {
        if (copySelection(rf)) {
          e.preventDefault();
          deleteSelection();
        }
      } else if (mod && key === "v") {
        e.preventDefault();
        paste();
      } else if (mod && key === "a") {
        e.preventDefault();
        selectAll();
      } else if (key === "escape") {
        select();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [rf]);
}
