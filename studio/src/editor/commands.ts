// What the editor's buttons and shortcuts do. Each command reads the stores when it runs
// (not a render's snapshot) and applies at most one undoable document edit.
import type { NodeKind } from "@tandem/shared";
import type { ReactFlowInstance } from "@xyflow/react";
import { ApiError, api } from "../api/client.js";
import { EDITOR_FIT_VIEW, fitFlow } from "../canvas/viewport.js";
import { copyFragment, pasteFragment } from "../flow/clipboard.js";
import { addNodes, removeElements, type XY } from "../flow/edits.js";
import { fileNameFor, flowToJson } from "../flow/exchange.js";
import { historyStore, setMessage } from "../history/store.js";
import { createNode } from "../flow/factory.js";
import { toFlow, type CanvasEdge, type CanvasNode } from "../flow/reactflow.js";
import { personName } from "../run/person.js";
import { paths, replaceRoute } from "../router.js";
import { documentStore, edit, markSaved } from "../stores/document.js";
import { notePaste, select, setClipboard, setSaving, uiStore } from "../stores/ui.js";
import { downloadText } from "../ui/download.js";
import { toast } from "../ui/toast.js";

type Rf = ReactFlowInstance<CanvasNode, CanvasEdge>;

export function addNodeAt(kind: NodeKind, position: XY): string {
  let id = "";
  edit((flow) => {
    const node = createNode(kind, position, flow);
    id = node.id;
    return addNodes(flow, [node]);
  });
  select([id]);
  return id;
}

/** About the largest node (a human node), for keeping a click-added node clear of the others. */
const ROOM = { width: 216, height: 136 };

/** Click-to-add: the middle of the visible canvas, or below it, clear of the nodes already there. */
export function addNodeInView(kind: NodeKind, rf: Rf, canvas: HTMLElement): string {
  const rect = canvas.getBoundingClientRect();
  const at = rf.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }, { snapToGrid: false });
  const { measured } = uiStore.getState();
  const boxes = documentStore.getState().flow.nodes.map((n) => ({ ...n.position, ...(measured.get(n.id) ?? ROOM) }));
  const x = Math.round(at.x - ROOM.width / 2);
  let y = Math.round(at.y - ROOM.height / 2);
  const blocked = () => boxes.some((b) => x < b.x + b.width + 24 && b.x < x + ROOM.width + 24 && y < b.y + b.height + 24 && b.y < y + ROOM.height + 24);
  while (blocked()) y += 32;
  return addNodeAt(kind, { x, y });
}

export function deleteSelection() {
  const { selectedNodes, selectedEdges } = uiStore.getState();
  edit((flow) => removeElements(flow, selectedNodes, selectedEdges));
  select();
}

export function selectAll() {
  const { flow } = documentStore.getState();
  select(
    flow.nodes.map((n) => n.id),
    flow.edges.map((e) => e.id),
  );
}

/** Copies what React Flow shows selected: the nodes and the edges between them. */
export function copySelection(rf: Rf): boolean {
  const selected = toFlow(documentStore.getState().flow, rf.getNodes().filter((n) => n.selected), rf.getEdges());
  const fragment = copyFragment(selected, new Set(selected.nodes.map((n) => n.id)));
  if (!fragment) return false;
  setClipboard(fragment);
  return true;
}

export function paste() {
  const clip = uiStore.getState().clipboard;
  if (!clip) return;
  const offset = 40 * notePaste();
  let pasted = { nodeIds: [] as string[], edgeIds: [] as string[] };
  edit((flow) => {
    const result = pasteFragment(flow, clip.fragment, offset);
    pasted = result;
    return result.flow;
  });
  select(pasted.nodeIds, pasted.edgeIds);
}

export async function autoLayout(rf: Rf) {
  // dagre is only needed here, so it is loaded on first use rather than with the studio.
  const { layoutFlow } = await import("../flow/layout.js");
  const { measured } = uiStore.getState();
  edit((flow) => layoutFlow(flow, measured));
  requestAnimationFrame(() => fitFlow(rf, { ...EDITOR_FIT_VIEW, duration: 250 }));
}

/**
 * Saves the document as a new version, with the message typed beside Save (a new flow's first
 * save creates it, and the address takes its id). A flow with problems is saved as a draft marked invalid.
 */
export async function saveDocument(): Promise<boolean> {
  const { flow, flowId, version } = documentStore.getState();
  if (uiStore.getState().saving) return false;
  setSaving(true);
  const message = historyStore.getState().message.trim() || undefined;
  try {
    // Based on the version we have, so a save made meanwhile elsewhere is not overwritten.
    const record = flowId ? await api.saveFlow(flowId, flow, version ?? undefined, { message, by: personName() }) : await api.createFlow(flow, personName());
    markSaved(flow, record.version, record.valid);
    setMessage("");
    if (!flowId) {
      documentStore.setState({ flowId: record.id });
      replaceRoute(paths.editor(record.id));
    }
    const errors = record.problems.filter((p) => p.severity === "error").length;
    if (record.valid) toast("success", `Saved version ${record.version}`);
    else toast("info", `Saved version ${record.version} as a draft: ${errors} problem${errors === 1 ? "" : "s"} to fix before it can run`);
    return true;
  } catch (e) {
    const problems = e instanceof ApiError && e.problems?.length ? ` (${e.problems[0]!.path}: ${e.problems[0]!.message})` : "";
    toast("error", `Not saved: ${(e as Error).message}${problems}`);
    return false;
  } finally {
    setSaving(false);
  }
}

export function exportDocument() {
  const { flow } = documentStore.getState();
  downloadText(fileNameFor(flow), flowToJson(flow));
}
