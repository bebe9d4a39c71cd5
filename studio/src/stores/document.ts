// The flow being edited, with its undo history (zundo over `flow` only: selection and other
// view state live in the ui store and are not undone). Every edit goes through `edit`, which
// decides what becomes one undo step: a drag is a gesture (one step however many frames),
// and quick successive edits of the same field (typing) merge into one step.
import type { Flow } from "@tandem/shared";
import { temporal } from "zundo";
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import { blankFlow } from "../flow/factory.js";

export interface DocumentState {
  flow: Flow;
  /** The server's record, once the flow is saved; null for a document not yet loaded. */
  flowId: string | null;
  version: number | null;
  /** The document as last loaded or saved: unsaved changes are `flow !== saved`. */
  saved: Flow;
  /** Whether the server found the saved version runnable. */
  savedValid: boolean;
}

type History = Pick<DocumentState, "flow">;

const HISTORY_LIMIT = 200;
/** Edits of one field closer together than this are one undo step. */
const MERGE_WINDOW_MS = 1000;

export const documentStore = createStore<DocumentState>()(
  temporal(
    (): DocumentState => {
      const flow = blankFlow();
      return { flow, flowId: null, version: null, saved: flow, savedValid: false };
    },
    {
      partialize: (s): History => ({ flow: s.flow }),
      // Only a new document object is a step; saving or loading metadata is not.
      equality: (a, b) => a.flow === b.flow,
      limit: HISTORY_LIMIT,
    },
  ),
);

const history = documentStore.temporal;
let gestureStart: Flow | null = null;
let lastMerge: { key: string; at: number } | null = null;

function setUntracked(flow: Flow) {
  const tracking = history.getState().isTracking;
  if (tracking) history.getState().pause();
  documentStore.setState({ flow });
  if (tracking) history.getState().resume();
}

/** Applies one edit. `merge` names what is being edited, so that typing in a field is one step. */
export function edit(change: (flow: Flow) => Flow, merge?: string) {
  const before = documentStore.getState().flow;
  const after = change(before);
  if (after === before) return;
  const now = Date.now();
  const merging = merge !== undefined && lastMerge?.key === merge && now - lastMerge.at < MERGE_WINDOW_MS;
  lastMerge = merge === undefined ? null : { key: merge, at: now };
  if (gestureStart || merging) setUntracked(after);
  else documentStore.setState({ flow: after });
}

/** Starts a gesture (a drag): its edits become one undo step when it ends. */
export function beginGesture() {
  if (gestureStart) return;
  gestureStart = documentStore.getState().flow;
  lastMerge = null;
}

export function endGesture() {
  const start = gestureStart;
  gestureStart = null;
  if (!start || start === documentStore.getState().flow) return;
  history.setState((h) => ({ pastStates: [...h.pastStates, { flow: start }].slice(-HISTORY_LIMIT), futureStates: [] }));
}

export function undo() {
  lastMerge = null;
  history.getState().undo();
}

export function redo() {
  lastMerge = null;
  history.getState().redo();
}

/** Opens a document: a fresh history, nothing unsaved. */
export function loadDocument(flow: Flow, flowId: string | null, version: number | null, valid: boolean) {
  gestureStart = null;
  lastMerge = null;
  setUntracked(flow);
  documentStore.setState({ flowId, version, saved: flow, savedValid: valid });
  history.getState().clear();
}

/** Records that `flow` was saved as `version`; edits made meanwhile stay unsaved. */
export function markSaved(flow: Flow, version: number, valid: boolean) {
  documentStore.setState({ saved: flow, version, savedValid: valid });
}

export function useDocument<T>(select: (s: DocumentState) => T): T {
  return useStore(documentStore, select);
}

export function useHistory<T>(select: (h: { canUndo: boolean; canRedo: boolean }) => T): T {
  return useStore(history, (h) => select({ canUndo: h.pastStates.length > 0, canRedo: h.futureStates.length > 0 }));
}
