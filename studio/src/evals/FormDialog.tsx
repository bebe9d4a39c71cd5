// A dialog holding one form: its title, fields, why it was refused, Cancel and the submit button
// (busy while `submit` runs; what `submit` throws is shown and the form can be sent again).
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { FormError } from "./FormError.js";

interface Props {
  title: string;
  className: string;
  submitLabel: string;
  busyLabel: string;
  /** Sends the form; on success it goes elsewhere (and the dialog with it). */
  submit: () => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}

export function FormDialog({ title, className, submitLabel, busyLabel, submit, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const titleId = `${className}-title`;

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await submit();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className={`dialog form-dialog ${className}`} aria-labelledby={titleId} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)}>
        <h2 id={titleId}>{title}</h2>
        {children}
        <FormError error={error} />
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? busyLabel : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
