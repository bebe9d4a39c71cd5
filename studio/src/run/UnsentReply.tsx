// In place of a human card answered elsewhere (another tab, the terminal, HTTP, a timeout) while
// this tab had typed something: who answered, and the unsent text kept, read-only, to copy.
import { useEffect, useId, useState } from "react";
import { toast } from "../ui/toast.js";
import { answeredNote } from "./answer.js";
import { clearDraft, loadDraft, unsentText } from "./replyDraft.js";

interface UnsentReplyProps {
  runId: string;
  requestId: string;
  nodeName: string;
  /** The message that was under review, to tell an edit that changed it from one that did not. */
  reviewed: string | undefined;
  by: string;
}

export function UnsentReply({ runId, requestId, nodeName, reviewed, by }: UnsentReplyProps) {
  const ids = useId();
  // Read once: the text is kept here from now on, and the stored draft is cleared.
  const [text] = useState(() => unsentText(loadDraft(runId, requestId), reviewed));
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => {
    clearDraft(runId, requestId);
  }, [runId, requestId]);
  if (!text || dismissed) return null;
  const note = answeredNote(by);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => toast("success", "Copied your reply"),
      () => toast("error", "Could not copy: select the text and copy it"),
    );
  return (
    <section className="unsent-reply" aria-label="Reply not sent">
      <p className="unsent-reply-note" role="status" id={`${ids}-note`}>
        <strong>
          {note.charAt(0).toUpperCase()}
          {note.slice(1)}
        </strong>{" "}
        — your reply to {nodeName} was not sent.
      </p>
      <textarea className="input" readOnly value={text} rows={Math.min(6, text.split("\n").length + 1)} aria-label="Your unsent reply" aria-describedby={`${ids}-note`} />
      <div className="unsent-reply-actions">
        <button type="button" className="btn btn-sm" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setDismissed(true)}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
