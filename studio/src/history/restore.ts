// Restoring a version from the History tab: after a confirmation, the server saves that
// version's flow again as the newest version, and the editor opens it.
import { api } from "../api/client.js";
import { personName } from "../run/person.js";
import { documentStore, loadDocument } from "../stores/document.js";
import { select } from "../stores/ui.js";
import { confirm } from "../ui/confirm.js";
import { toast } from "../ui/toast.js";
import { closeComparison } from "./store.js";

export async function restoreVersion(version: number): Promise<void> {
  const { flowId, flow, saved } = documentStore.getState();
  if (!flowId) return;
  const unsaved = flow !== saved ? " The unsaved changes in the editor will be lost." : "";
  const ok = await confirm({
    title: `Restore version ${version}?`,
    message: `Its flow is saved again as the newest version; the versions after it stay in the history.${unsaved}`,
    confirmLabel: "Restore",
  });
  if (!ok) return;
  try {
    const record = await api.restoreVersion(flowId, version, personName());
    select();
    closeComparison();
    loadDocument(record.flow, record.id, record.version, record.valid);
    toast("success", `Restored version ${version} as version ${record.version}`);
  } catch (e) {
    toast("error", `Not restored: ${(e as Error).message}`);
  }
}
