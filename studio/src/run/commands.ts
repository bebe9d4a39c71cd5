// What the run buttons and keys do. Starting saves the document first when it has unsaved
// changes, because a run always runs the latest saved version.
import { runsApi, type ControlAction } from "../api/runs.js";
import { saveDocument } from "../editor/commands.js";
import { paths, replaceRoute } from "../router.js";
import { documentStore } from "../stores/document.js";
import { confirm } from "../ui/confirm.js";
import { toast } from "../ui/toast.js";
import { breakpointsIn } from "../run-view/breakpoints.js";
import { panelStore, setPanel } from "../editor/runPanel.js";

/** The toolbar's Run and Ctrl+Enter: runs what is typed, or asks for it. */
export function runOrAsk() {
  const { input, starting } = panelStore.getState();
  if (input.trim() && !starting) return void startRun();
  setPanel({ tab: "run", focusNonce: Date.now() });
}

export async function startRun(): Promise<void> {
  const { input, stepMode } = panelStore.getState();
  setPanel({ tab: "run", starting: true, startError: null });
  try {
    const doc = documentStore.getState();
    if (!doc.flowId) return;
    if (doc.flow !== doc.saved && !(await saveDocument())) {
      setPanel({ startError: "The flow could not be saved, so it was not run." });
      return;
    }
    const breakpoints = breakpointsIn(documentStore.getState().flow.nodes.map((n) => n.id));
    const { runId } = await runsApi.start(doc.flowId, input, { stepMode, breakpoints });
    replaceRoute(paths.editorRun(doc.flowId, runId));
  } catch (e) {
    // The server's message names the problem, e.g. "the flow cannot run: … (and 2 more)".
    setPanel({ startError: (e as Error).message });
  } finally {
    setPanel({ starting: false });
  }
}

const LABEL: Record<ControlAction, string> = { pause: "Pause", step: "Step", continue: "Continue", cancel: "Cancel" };

export async function controlRun(runId: string, action: ControlAction): Promise<void> {
  if (action === "cancel") {
    const ok = await confirm({
      title: "Cancel this run?",
      message: "The run stops now and finishes as cancelled. It cannot be resumed (it can be forked later).",
      confirmLabel: "Cancel run",
      cancelLabel: "Keep running",
      danger: true,
    });
    if (!ok) return;
  }
  try {
    await runsApi.control(runId, action);
  } catch (e) {
    toast("error", `${LABEL[action]} failed: ${(e as Error).message}`);
  }
}
