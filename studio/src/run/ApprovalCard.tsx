// The card for one tool call waiting for a person: the tool, why it asks, what the agent said so
// far and the arguments with the schema's descriptions. The person approves, edits the arguments
// and approves (checked against the schema first), rejects with a reason, or answers instead of
// the tool. A call that was under way when the server stopped is retried with the same
// idempotency key, or the person enters what it did. Each decision goes with a key of its own.
import type { HumanRequestRecord, ToolCallState, ToolDecision } from "@tandem/shared";
import { useId, useState } from "react";
import { failureSentence, submitDecision } from "./answer.js";
import { ArgumentsEditor } from "./ArgumentsEditor.js";
import { DecideNotes } from "./DecideNotes.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { Markdown } from "./Markdown.js";
import { usePersonName } from "./person.js";
import { PersonField } from "./PersonField.js";
import { RequestPeople } from "./RequestPeople.js";
import { argumentRows, formatJson, readArguments } from "./toolArguments.js";

export interface ApprovalCardProps {
  runId: string;
  call: ToolCallState;
  nodeName: string;
  /** What the agent said in this visit before asking. */
  said: string;
  /** The request as the run's state has it now (who it is for, who took it on). */
  record?: HumanRequestRecord;
}

type Mode = "choose" | "edit" | "reject" | "answer";

export function ApprovalCard({ runId, call, nodeName, said, record }: ApprovalCardProps) {
  const ids = useId();
  const by = usePersonName();
  const named = by.trim() !== "";
  const [mode, setMode] = useState<Mode>("choose");
  const [text, setText] = useState(() => formatJson(call.arguments));
  const [words, setWords] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unknown = call.reason === "unknown";
  const read = readArguments(text, call.parameters);
  const rows = argumentRows(call.arguments, call.parameters);

  const send = async (decision: ToolDecision) => {
    setSending(true);
    setError(null);
    try {
      await submitDecision(runId, call.requestId!, decision, by.trim());
    } catch (e) {
      // e.g. 409 "already answered by Ada", 422 "arguments.amount: expected a number"
      setError(failureSentence(e));
    } finally {
      setSending(false);
    }
  };
  const approveEdited = () => {
    if (!read.ok) return;
    const changed = JSON.stringify(read.value) !== JSON.stringify(call.arguments);
    void send(changed ? { decision: "approve", arguments: read.value } : { decision: "approve" });
  };
  const blocked = sending || !named;

  return (
    <section className="human-card approval-card" aria-label={`Approve ${call.name}?`} data-request={call.requestId}>
      <header className="human-card-head">
        <div>
          <h2 className="human-card-title">
            {nodeName} asks to call <span className="tool-call-name">{call.name}</span>
          </h2>
          <p className="muted small">
            {call.askedAt !== undefined && (
              <>
                Waiting since <TimeAgo at={call.askedAt} />.{" "}
              </>
            )}
            {unknown
              ? "This call was under way when the server stopped: it may or may not have happened."
              : call.why === "always"
                ? "This tool always asks for approval."
                : `Asks because ${call.why ?? "its policy says so"}.`}
          </p>
        </div>
      </header>

      {record && <RequestPeople runId={runId} requestId={call.requestId!} record={record} />}

      {said && (
        <div className="human-review">
          <div className="human-review-head">
            <span>
              <strong>{nodeName}</strong> said
            </span>
          </div>
          <div className="human-review-body">
            <Markdown text={said} />
          </div>
        </div>
      )}

      {rows.length > 0 ? (
        <dl className="tool-arg-rows" aria-label="Arguments">
          {rows.map((r) => (
            <div key={r.name} className="tool-arg-row">
              <dt>
                <span className="mono">{r.name}</span>
                {r.description && <span className="muted small"> — {r.description}</span>}
              </dt>
              <dd className="mono">{r.value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <pre className="tool-args" aria-label="Arguments">
          {formatJson(call.arguments)}
        </pre>
      )}

      {mode === "edit" && <ArgumentsEditor id={`${ids}-args`} before={call.arguments} text={text} onText={setText} read={read} />}
      {(mode === "reject" || mode === "answer") && (
        <div className="field">
          <label htmlFor={`${ids}-words`}>
            {mode === "reject" ? "Why not (the agent is told)" : unknown ? "What the call did (the agent gets it as the result)" : "Your answer (the agent gets it as the tool's result)"}
          </label>
          <textarea id={`${ids}-words`} className="input" rows={3} value={words} onChange={(e) => setWords(e.target.value)} />
        </div>
      )}

      <div className="human-actions">
        {mode === "choose" && (
          <>
            <button type="button" className="btn btn-primary" disabled={blocked} onClick={() => void send({ decision: "approve" })}>
              {unknown ? "Retry with the same key" : "Approve"}
            </button>
            {!unknown && (
              <button type="button" className="btn" disabled={blocked} onClick={() => setMode("edit")}>
                Edit & approve
              </button>
            )}
            <button type="button" className="btn" disabled={blocked} onClick={() => setMode("reject")}>
              Reject
            </button>
            <button type="button" className="btn" disabled={blocked} onClick={() => setMode("answer")}>
              {unknown ? "Enter the result" : "Answer instead"}
            </button>
          </>
        )}
        {mode === "edit" && (
          <button type="button" className="btn btn-primary" disabled={blocked || !read.ok} onClick={approveEdited}>
            Approve with these arguments
          </button>
        )}
        {mode === "reject" && (
          <button type="button" className="btn btn-primary" disabled={blocked} onClick={() => void send({ decision: "reject", ...(words.trim() && { reason: words.trim() }) })}>
            Reject the call
          </button>
        )}
        {mode === "answer" && (
          <button type="button" className="btn btn-primary" disabled={blocked || !words.trim()} onClick={() => void send({ decision: "reject", result: words })}>
            {unknown ? "Enter the result" : "Send the answer"}
          </button>
        )}
        {mode !== "choose" && (
          <button type="button" className="btn btn-ghost" disabled={sending} onClick={() => setMode("choose")}>
            Back
          </button>
        )}
        <PersonField hintId={`${ids}-name`} label="Decide as" />
      </div>
      <DecideNotes id={`${ids}-name`} named={named} error={error} />
    </section>
  );
}
