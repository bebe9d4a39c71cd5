// One tool call as a card, in the transcript and the event inspector: the tool, its arguments,
// where it stands (needs approval, approved or rejected by whom, running, done, failed), how
// long it took, what it gave back (folded when long) and, for arguments a person changed, the
// change. Given the call as the run's state holds it.
import type { ToolCallState } from "@tandem/shared";
import { useState } from "react";
import { formatMs } from "../ui/time.js";
import { EditDiff } from "./EditDiff.js";
import { formatJson } from "./toolArguments.js";
import { approvedBy, callStatus, foldedStart, isLong } from "./toolCalls.js";

export function ToolCallCard({ call }: { call: ToolCallState }) {
  const status = callStatus(call);
  const approved = approvedBy(call);
  return (
    <article className={`tool-call tool-call-${status.tone}`} aria-label={`Tool call: ${call.name}`} data-call={call.id}>
      <header className="tool-call-head">
        <span className="tool-call-name">{call.name}</span>
        {call.ref && call.ref !== `code:${call.name}` && <span className="tool-call-ref">{call.ref}</span>}
        <span className={`tool-status tool-status-${status.tone}`} title={call.approval === "required" && call.why ? `Asks a person: ${call.why}` : undefined}>
          {status.label}
        </span>
        {approved && <span className="tool-call-note">{approved}</span>}
        {call.durationMs !== undefined && <span className="tool-call-time">{formatMs(call.durationMs)}</span>}
      </header>
      <pre className="tool-args" aria-label="Arguments">
        {call.arguments !== undefined ? formatJson(call.arguments) : call.argumentsText}
      </pre>
      {call.edited && (
        <div className="tool-edit">
          <span className="tool-label">{call.decidedBy ?? "A person"} changed the arguments</span>
          <EditDiff original={formatJson(call.edited.before)} content={formatJson(call.edited.after)} label="Changes to the arguments" />
        </div>
      )}
      <Outcome call={call} />
    </article>
  );
}

/** What came back: the result, the error, or what a person answered instead of the tool. */
function Outcome({ call }: { call: ToolCallState }) {
  const answer = call.status === "rejected" ? call.rejection?.result : undefined;
  const [label, text] =
    answer !== undefined
      ? ["Answered instead", answer]
      : call.status === "done"
        ? [call.isError ? "Error from the tool" : "Result", call.result ?? ""]
        : call.status === "failed"
          ? ["Error", call.error ?? ""]
          : [null, ""];
  const [open, setOpen] = useState(false);
  if (label === null) return null;
  const long = isLong(text);
  return (
    <div className="tool-result">
      <span className="tool-label">{label}</span>
      <pre className={call.status === "failed" || call.isError ? "tool-result-text is-error" : "tool-result-text"} aria-label={label}>
        {long && !open ? foldedStart(text) : text}
      </pre>
      {long && (
        <button type="button" className="link-btn small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Show less" : `Show all (${text.length.toLocaleString("en")} characters)`}
        </button>
      )}
    </div>
  );
}
