import { useEffect, useRef } from "react";
import { answer, useConfirmRequest } from "./confirm.js";

/** The one confirm dialog of the app: a modal <dialog>, so focus and Escape behave natively. */
export function ConfirmDialog() {
  const request = useConfirmRequest();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
  }, [request]);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="confirm-title" onCancel={() => answer(false)}>
      {request && (
        <form method="dialog" onSubmit={(e) => { e.preventDefault(); answer(true); }}>
          <h2 id="confirm-title">{request.title}</h2>
          <p>{request.message}</p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => answer(false)}>
              {request.cancelLabel ?? "Cancel"}
            </button>
            <button type="submit" className={request.danger ? "btn btn-danger" : "btn btn-primary"} autoFocus>
              {request.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
