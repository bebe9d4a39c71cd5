// The card a person answers: what to review (rendered, or edited in place where the node
// allows it), the node's instructions, its choices as buttons and a free-text reply, and the
// name this browser answers as. What is typed is kept per tab until it is sent (replyDraft.ts).
// Used by the run panel, the tasks page and replays; it is given the request, not a run view.
import type { PendingHuman } from "@tandem/shared";
import { useId, useState } from "react";
import { MAX_NAME, setPersonName, usePersonName } from "./person.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { useNow } from "../ui/useNow.js";
import { PersonIcon } from "../ui/icons.js";
import { submitAnswer } from "./answer.js";
import { Markdown } from "./Markdown.js";
import { clearDraft, loadDraft, saveDraft, type ReplyDraft } from "./replyDraft.js";

export interface HumanCardProps {
  runId: string;
  request: PendingHuman;
  nodeName: string;
  /** The message under review: the last one before the request. */
  review: { name: string; content: string } | undefined;
  /** Set for a request answered already (a replay): the card then only says by whom. */
  answeredBy?: string;
}

const label = (choice: string) => choice.charAt(0).toUpperCase() + choice.slice(1);
const sentence = (message: string) => `${label(message)}${/[.!?]$/.test(message) ? "" : "."}`;

export function HumanCard({ runId, request, nodeName, review, answeredBy }: HumanCardProps) {
  const ids = useId();
  const closed = answeredBy !== undefined;
  const { requestId } = request;
  const [draft, setDraftState] = useState<ReplyDraft>(() => (closed ? { text: "" } : loadDraft(runId, requestId)));
  const by = usePersonName();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editing = draft.edit !== undefined;
  const edit = editing && review && draft.edit !== review.content ? draft.edit : undefined;
  const reply = request.allowText && draft.text.trim() ? draft.text : undefined;
  const named = by.trim() !== "";

  const change = (next: ReplyDraft) => {
    setDraftState(next);
    saveDraft(runId, requestId, next);
  };

  const send = async (choice?: string) => {
    setSending(true);
    setError(null);
    try {
      await submitAnswer(runId, requestId, { choice, text: reply, edit }, by.trim());
      clearDraft(runId, requestId);
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
            waiting since <TimeAgo at={request.at} />
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
                onClick={() => change({ text: draft.text, ...(!editing && { edit: review.content }) })}
              >
                {editing ? "Discard edit" : "Edit in place"}
              </button>
            )}
          </div>
          {editing ? (
            <textarea className="input human-edit" aria-label={`Edit ${review.name}'s message`} value={draft.edit} onChange={(e) => change({ ...draft, edit: e.target.value })} rows={8} />
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
            value={draft.text}
            onChange={(e) => change({ ...draft, text: e.target.value })}
            placeholder={request.choices.length ? "e.g. what to change in a revision" : "Your answer"}
          />
        </div>
      )}

      {!closed && (
        <div className="human-actions">
          {request.choices.map((choice, i) => (
            <button key={choice} type="button" className={i === 0 ? "btn btn-primary" : "btn"} disabled={sending || !named} onClick={() => void send(choice)}>
              {label(choice)}
            </button>
          ))}
          {request.choices.length === 0 && (
            <button type="button" className="btn btn-primary" disabled={sending || !named || (!reply && !edit)} onClick={() => void send()}>
              Send
            </button>
          )}
          <label className="human-by">
            as{" "}
            <input
              className="input"
              value={by}
              maxLength={MAX_NAME}
              onChange={(e) => setPersonName(e.target.value)}
              placeholder="your name"
              aria-label="Answer as"
              aria-describedby={named ? undefined : `${ids}-name`}
              aria-invalid={!named}
            />
          </label>
        </div>
      )}
      {!closed && !named && (
        <p id={`${ids}-name`} className="human-name-hint">
          Enter your name to answer: it is recorded with your answer and kept in this browser.
        </p>
      )}

      {error && !closed && (
        <p className="human-error" role="alert">
          {error}
        </p>
      )}
      {closed && (
        <p className="human-closed" role="status">
          {answeredBy === "timeout" ? "This request timed out and took its default choice." : `Already answered by ${answeredBy}.`}
        </p>
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
