// A form dialog's buttons: Cancel, which closes it, and the submit button, which says it is
// working while `busy`.
interface Props {
  onCancel: () => void;
  busy: boolean;
  /** "Publish version 2" */
  label: string;
  /** "Publishing…" */
  busyLabel: string;
}

export function DialogActions({ onCancel, busy, label, busyLabel }: Props) {
  return (
    <div className="dialog-actions">
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}
