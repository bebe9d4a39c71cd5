// View state of the editor: what is selected, node sizes measured by React Flow, which view
// is open. None of it is part of the document or its undo history.
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import type { Fragment } from "../flow/clipboard.js";
import type { Size } from "../flow/reactflow.js";

export type EditorView = "canvas" | "json";

export interface UiState {
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  measured: ReadonlyMap<string, Size>;
  view: EditorView;
  problemsOpen: boolean;
  clipboard: { fragment: Fragment; pastes: number } | null;
  saving: boolean;
  /** Asks the canvas to bring an element into view (the canvas owns the viewport). */
  focusRequest: { kind: "node" | "edge"; id: string; nonce: number } | null;
}

const EMPTY: ReadonlySet<string> = new Set();

export const uiStore = createStore<UiState>()(() => ({
  selectedNodes: EMPTY,
  selectedEdges: EMPTY,
  measured: new Map(),
  view: "canvas",
  problemsOpen: true,
  clipboard: null,
  saving: false,
  focusRequest: null,
}));

export function select(nodes: Iterable<string> = [], edges: Iterable<string> = []) {
  uiStore.setState({ selectedNodes: new Set(nodes), selectedEdges: new Set(edges) });
}

/** Applies React Flow's select changes (they come separately for nodes and edges). */
export function applySelection(kind: "nodes" | "edges", changes: readonly { id: string; selected: boolean }[]) {
  if (changes.length === 0) return;
  const key = kind === "nodes" ? "selectedNodes" : "selectedEdges";
  const next = new Set(uiStore.getState()[key]);
  for (const c of changes) {
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  uiStore.setState({ [key]: next });
}

export function setMeasured(sizes: readonly { id: string; size: Size }[]) {
  if (sizes.length === 0) return;
  const next = new Map(uiStore.getState().measured);
  for (const { id, size } of sizes) next.set(id, size);
  uiStore.setState({ measured: next });
}

export function requestFocus(kind: "node" | "edge", id: string) {
  if (kind === "node") select([id]);
  else select([], [id]);
  uiStore.setState({ focusRequest: { kind, id, nonce: Date.now() }, view: "canvas" });
}

export function setView(view: EditorView) {
  uiStore.setState({ view });
}

export function toggleProblems() {
  uiStore.setState((s) => ({ problemsOpen: !s.problemsOpen }));
}

export function setSaving(saving: boolean) {
  uiStore.setState({ saving });
}

export function setClipboard(fragment: Fragment) {
  uiStore.setState({ clipboard: { fragment, pastes: 0 } });
}

/** Counts pastes of the same fragment, so each lands a little further along. */
export function notePaste(): number {
  const clip = uiStore.getState().clipboard;
  if (!clip) return 0;
  uiStore.setState({ clipboard: { ...clip, pastes: clip.pastes + 1 } });
  return clip.pastes + 1;
}

/** Forgets the selection and sizes of the previous document. */
export function resetUi() {
  uiStore.setState({ selectedNodes: EMPTY, selectedEdges: EMPTY, measured: new Map(), view: "canvas", focusRequest: null });
}

export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(uiStore, selector);
}
