// Publish: give a saved version of the flow a name, so programs (the endpoint), people (the
// hosted page) and schedules can run it. It runs exactly that version until another is promoted.
import { DEPLOYMENT_NAME, DEPLOYMENT_NAME_HINT } from "@tandem/shared";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../api/client.js";
import { deploymentsApi } from "../api/deployments.js";
import { Field } from "../auth/Field.js";
import { navigate, paths } from "../router.js";
import { DialogActions } from "../ui/DialogActions.js";
import { toast } from "../ui/toast.js";
import { nameFromFlow } from "./format.js";
import { VersionSelect } from "./VersionSelect.js";

interface Props {
  flowId: string;
  flowName: string;
  /** The flow's latest saved version. */
  latest: number;
  /** The editor holds changes not saved yet: they are in no version. */
  unsaved: boolean;
  onClose: () => void;
}

export function PublishDialog({ flowId, flowName, latest, unsaved, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(() => nameFromFlow(flowName));
  const [version, setVersion] = useState(latest);
  const [description, setDescription] = useState("");
  const [problem, setProblem] = useState<{ field: "name" | "form"; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!DEPLOYMENT_NAME.test(name)) return setProblem({ field: "name", message: `Name: ${DEPLOYMENT_NAME_HINT}.` });
    setBusy(true);
    setProblem(null);
    try {
      const made = await deploymentsApi.create({ name, flowId, version, description });
      toast("success", `Published version ${made.version} as "${made.name}"`);
      navigate(paths.deployment(made.name));
    } catch (err) {
      const named = err instanceof ApiError && (err.path === "name" || err.code === "conflict");
      setProblem({ field: named ? "name" : "form", message: (err as Error).message });
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog publish-dialog" aria-labelledby="publish-title" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="publish-title">Publish "{flowName}"</h2>
        <Field
          id="deployment-name"
          label="Name"
          hint="Part of its address: lower-case letters, digits and dashes."
          error={problem?.field === "name" ? problem.message : undefined}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoFocus
        />
        <VersionSelect id="publish-version" label="Version" flowId={flowId} latest={latest} value={version} onChange={setVersion} />
        <p className="muted small" role="note">
          The deployment runs version {version} as saved. Later saves and drafts never reach it until someone promotes another version.
          {unsaved && " Your unsaved changes are in no version yet: save first to publish them."}
        </p>
        <div className="field">
          <label htmlFor="publish-description">Description</label>
          <textarea id="publish-description" className="input" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        {problem?.field === "form" && (
          <div className="alert alert-error" role="alert">
            <div className="alert-body">{problem.message}</div>
          </div>
        )}
        <DialogActions onCancel={() => ref.current?.close()} busy={busy} label={`Publish version ${version}`} busyLabel="Publishing…" />
      </form>
    </dialog>
  );
}
