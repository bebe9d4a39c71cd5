// The frame of a dialog that starts a fork: a modal form that posts the fork, says what went
// wrong in place, and opens the new run's live view. The fork dialog and "re-run this node" share it.
import type { ForkRequest } from "@tandem/shared";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { runsApi } from "../api/runs.js";
import { navigate, paths } from "../router.js";
import { DialogActions } from "../ui/DialogActions.js";
import { toast } from "../ui/toast.js";

interface Props {
  runId: string;
  title: string;
  /** The request to send; null while it cannot be sent yet. */
  body: () => ForkRequest | null;
  /** Said once the new run has started. */
  started: string;
  onClose: () => void;
  children: ReactNode;
}

export function ForkFrame({ runId, title, body, started, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const request = body();
    if (!request) return;
    setBusy(true);
    setError(null);
    try {
      const { runId: child } = await runsApi.fork(runId, request);
      toast("success", started);
      navigate(paths.run(child));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog fork-dialog" aria-labelledby="fork-title" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="fork-title">{title}</h2>
        {children}
        {error && (
          <div className="alert alert-error" role="alert">
            <div className="alert-body">{error}</div>
          </div>
        )}
        <DialogActions onCancel={() => ref.current?.close()} busy={busy} label="Re-run from here" busyLabel="Starting…" />
      </form>
    </dialog>
  );
}
