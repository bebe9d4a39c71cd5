// The editor's Publish button: opens the publish dialog for the flow's saved versions; refused,
// with the reason, to those who may not publish or while the flow has never been saved.
import { useState } from "react";
import { useWhyNot } from "../auth/permissions.js";
import { UploadIcon } from "../ui/icons.js";
import { PublishDialog } from "./PublishDialog.js";

interface Props {
  flowId: string | null;
  flowName: string;
  /** The latest saved version, null before the first save. */
  version: number | null;
  unsaved: boolean;
}

export function PublishButton({ flowId, flowName, version, unsaved }: Props) {
  const [open, setOpen] = useState(false);
  const refused = useWhyNot("deployments.manage") ?? (version === null ? "Save the flow first: a deployment runs a saved version." : null);
  return (
    <>
      <button type="button" className="btn btn-ghost" onClick={() => setOpen(true)} disabled={!!refused} aria-label="Publish" title={refused ?? "Publish a saved version as a deployment"}>
        <UploadIcon /> Publish
      </button>
      {open && flowId && version !== null && <PublishDialog flowId={flowId} flowName={flowName} latest={version} unsaved={unsaved} onClose={() => setOpen(false)} />}
    </>
  );
}
