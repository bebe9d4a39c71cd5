// The card a person answers: what to review (rendered, or edited in place where the node
// allows it), the node's instructions, its choices as buttons and a free-text reply. Used by
// the run panel and the tasks page alike; it is given the request, not a run view.
import type { PendingHuman } from "@tandem/shared";
import { useId, useState } from "react";
import { timeAgo } from "../ui/time.js";
import { useNow } from "../ui/useNow.js";
import { PersonIcon } from "../ui/icons.js";
import { savedName, submitAnswer } from "./answer.js";
import { Markdown } from "./Markdown.js";

export interface HumanCardProps {
  runId: string;
  request: PendingHuman;
  nodeName: string;
  /** The message under review: the last one before the request. */
  review: { name: string; content: string } | undefined;
  /** Set once someone else's answer was taken: the card then only says so. */
  answeredBy?: string;
  onDismiss?: () => void;
}

const label = (choice: string) => choice.charAt(0).toUpperCase() + choice.slice(1);
const sentence = (message: string) => `${label(message)}${/[.!?]$/.test(message) ? "" : "."}`;

export function HumanCard({ runId, request, nodeName, review, answeredBy, onDismiss }: HumanCardProps) {
  const ids = useId();
  const [text, setText] = useState("");
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(review?.content ?? "");
  const [by, setBy] = useState(savedName);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closed = answeredBy !== undefined;
  const edit = editing && review && draft !== review.content ? draft : undefined;
  const reply = request.allowText && text.trim() ? text : undefined;

  const send = async (choice?: string) => {
    setSending(true);
    setError(null);
    try {
      await submitAnswer(runId, request.requestId, { choice, text: reply, edit }, by);
    } catch (e) {
      // e.g. 409 "this request was already answered by Ada"
      setError(sentence((e as Error).message));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className={closed ? "human-card is-closed" : "human-card"} aria-label={`${nodeName} needs a person`}>
      <header className="human-card-head">
        <span className="human-card-icon">
          <PersonIcon size={18} />
        </span>
        <div>
          <h3 className="human-card-title">{nodeName} needs a person</h3>
          <p className="muted small">
            waiting since {timeAgo(request.at)}
            {request.deadline !== undefined && <Deadline at={request.deadline} choice={request.defaultChoice} />}
          </p>
        </div>
      </header>

      {request.instructions && <p className="human-instructions">{request.instructions}</p>}

      {review && (
        <div className="human-review">
          <div className="human-review-head">
            <span>
              Review: <strong>{review.name}</strong>
            </span>
            {request.allowEdit && !closed && (
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                onClick={() => {
                  setDraft(review.content);
                  setEditing(!editing);
                }}
              >
                {editing ? "Discard edit" : "Edit in place"}
              </button>
            )}
          </div>
          {editing ? (
            <textarea className="input human-edit" aria-label={`Edit ${review.name}'s message`} value={draft} onChange={(e) => setDraft(e.target.value)} rows={8} />
          ) : (
            <div className="human-review-body">
              <Markdown text={review.content} />
            </div>
          )}
        </div>
      )}

      {!closed && request.allowText && (
        <div className="field">
          <label htmlFor={`${ids}-reply`}>{request.choices.length ? "Reply (optional)" : "Reply"}</label>
          <textarea
            id={`${ids}-reply`}
            className="input"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={request.choices.length ? "e.g. what to change in a revision" : "Your answer"}
          />
        </div>
      )}

      {!closed && (
        <div className="human-actions">
          {request.choices.map((choice, i) => (
            <button key={choice} type="button" className={i === 0 ? "btn btn-primary" : "btn"} disabled={sending} onClick={() => void send(choice)}>
              {label(choice)}
            </button>
          ))}
          {request.choices.length === 0 && (
            <button type="button" className="btn btn-primary" disabled={sending || (!reply && !edit)} onClick={() => void send()}>
              Send
            </button>
          )}
          <label className="human-by">
            as{" "}
            <input className="input" value={by} onChange={(e) => setBy(e.target.value)} placeholder="your name" aria-label="Answer as" />
          </label>
        </div>
      )}

      {error && !closed && (
        <p className="human-error" role="alert">
          {error}
        </p>
      )}
      {closed && (
        <div className="human-closed" role="status">
          <span>{answeredBy === "timeout" ? "This request timed out and took its default choice." : `Already answered by ${answeredBy}.`}</span>
          {onDismiss && (
            <button type="button" className="btn btn-sm" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** " · "approve" in 4:12", counting down each second. */
function Deadline({ at, choice }: { at: number; choice: string | undefined }) {
  const now = useNow();
  const left = Math.max(0, Math.round((at - now) / 1000));
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  return <> · {choice ? `"${choice}" is taken in ${clock}` : `times out in ${clock}`}</>;
}
