// What the editor's Run button, start form and Ctrl/⌘+Enter do. Starting saves the document
// first when it has unsaved changes, because a run always runs the latest saved version.
import { runsApi } from "../api/runs.js";
import { paths, replaceRoute } from "../router.js";
import { breakpointsIn } from "../run-view/breakpoints.js";
import { documentStore } from "../stores/document.js";
import { saveDocument } from "./commands.js";
import { panelStore, setPanel } from "./runPanel.js";

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
    const before = documentStore.getState();
    if ((before.flow !== before.saved || !before.flowId) && !(await saveDocument())) {
      setPanel({ startError: "The flow could not be saved, so it was not run." });
      return;
    }
    // Read after saving: a new flow has its id only once saved.
    const doc = documentStore.getState();
    if (!doc.flowId) return;
    const breakpoints = breakpointsIn(doc.flow.nodes.map((n) => n.id));
    const { runId } = await runsApi.start(doc.flowId, input, { stepMode, breakpoints });
    replaceRoute(paths.editorRun(doc.flowId, runId));
  } catch (e) {
    // The server's message names the problem, e.g. "the flow cannot run: … (and 2 more)".
    setPanel({ startError: (e as Error).message });
  } finally {
    setPanel({ starting: false });
  }
}
