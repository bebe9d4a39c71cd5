// The card a person answers: what to review (rendered, or edited in place where the node
// allows it), the node's instructions, its outcomes as buttons and a free-text reply (sent
// alone, a judge reads which outcome it means), and the name this browser answers as. When the
// node asks how a reply should be taken, the card shows the reading (ReadingChoice). What is
// typed is kept per tab until it is sent (replyDraft.ts). Who it is for, who took it on, the votes
// and the escalation are on it (RequestPeople); a fallback request says what went wrong and
// offers retry, answer instead or fail (FallbackActions). Used by the run panel, the tasks page
// and replays; it is given the request, not a run view.
import type { HumanAnswer, PendingHuman } from "@tandem/shared";
import { useId, useState } from "react";
import { usePersonName } from "./person.js";
import { PersonField } from "./PersonField.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { useNow } from "../ui/useNow.js";
import { PersonIcon } from "../ui/icons.js";
import { failureSentence, submitAnswer } from "./answer.js";
import { FallbackActions } from "./FallbackActions.js";
import { Markdown } from "./Markdown.js";
import { outcomeLabel } from "./outcomeLabel.js";
import { ReadingChoice } from "./ReadingChoice.js";
import { RequestPeople, type RequestPeopleProps } from "./RequestPeople.js";
import { clearDraft, loadDraft, saveDraft, type ReplyDraft } from "./replyDraft.js";

export interface HumanCardProps {
  runId: string;
  request: PendingHuman;
  nodeName: string;
  /** The message under review: the last one before the request. */
  review: { name: string; content: string } | undefined;
  /** Set for a request answered already (a replay): the card then only says by whom, and what was taken. */
  answeredBy?: string;
  answeredOutcome?: string;
  /** Set on an open request: the people around it. */
  people?: Pick<RequestPeopleProps, "record" | "escalation">;
  /** On a fallback request: the name of the node that failed or is stuck. */
  problemNode?: string;
}

export function HumanCard({ runId, request, nodeName, review, answeredBy, answeredOutcome, people, problemNode }: HumanCardProps) {
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
  const { outcomes, reading } = request;

  const change = (next: ReplyDraft) => {
    setDraftState(next);
    saveDraft(runId, requestId, next);
  };

  /** Without an outcome, the reply is sent alone: a judge reads it when the node routes on outcomes. */
  const send = (outcome?: string) => submit(reading ? { outcome } : { outcome, text: reply, edit });
  const submit = async (answer: HumanAnswer) => {
    setSending(true);
    setError(null);
    try {
      await submitAnswer(runId, requestId, answer, by.trim());
      clearDraft(runId, requestId);
    } catch (e) {
      // e.g. 409 "this request was already answered by Ada"
      setError(failureSentence(e));
    } finally {
      setSending(false);
    }
  };

  const nameField = <PersonField hintId={`${ids}-name`} />;

  return (
    <section className={closed ? "human-card is-closed" : "human-card"} aria-label={`${nodeName} needs a person`}>
      <header className="human-card-head">
        <span className="human-card-icon">
          <PersonIcon size={18} />
        </span>
        <div>
          <h2 className="human-card-title">{nodeName} needs a person</h2>
          <p className="muted small">
            waiting since <TimeAgo at={request.at} />
            {request.deadline !== undefined && !reading && <Deadline at={request.deadline} outcome={request.defaultOutcome} />}
          </p>
        </div>
      </header>

      {!closed && people && <RequestPeople runId={runId} requestId={requestId} quorum={request.quorum} {...people} />}
      {!closed && request.problem && (
        <FallbackActions problem={request.problem} nodeName={problemNode ?? request.problem.nodeId} disabled={sending || !named} onSend={(a) => void submit(a)} />
      )}

      {/* A reading request's instructions say what the reading below shows. */}
      {request.instructions && !reading && <p className="human-instructions">{request.instructions}</p>}

      {review && (
        <div className="human-review">
          <div className="human-review-head">
            <span>
              {reading ? "Reply" : "Review"}: <strong>{review.name}</strong>
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

      {!closed && !reading && request.allowText && (
        <div className="field">
          <label htmlFor={`${ids}-reply`}>{outcomes.length ? "Reply (optional)" : "Reply"}</label>
          <textarea
            id={`${ids}-reply`}
            className="input"
            rows={3}
            value={draft.text}
            onChange={(e) => change({ ...draft, text: e.target.value })}
            placeholder={outcomes.length ? "e.g. what to change in a revision" : "Your answer"}
          />
        </div>
      )}

      {!closed && reading && (
        <ReadingChoice request={{ ...request, reading }} disabled={sending || !named} onPick={(outcome) => void send(outcome)}>
          {nameField}
        </ReadingChoice>
      )}
      {!closed && !reading && (
        <div className="human-actions">
          {outcomes.map((o, i) => (
            <button key={o.name} type="button" className={i === 0 ? "btn btn-primary" : "btn"} title={o.description || undefined} disabled={sending || !named} onClick={() => void send(o.name)}>
              {outcomeLabel(o.name)}
            </button>
          ))}
          {(outcomes.length === 0 || request.allowText) && (
            <button type="button" className={outcomes.length ? "btn" : "btn btn-primary"} disabled={sending || !named || (!reply && !edit)} onClick={() => void send()}>
              {outcomes.length ? "Send reply" : "Send"}
            </button>
          )}
          {nameField}
        </div>
      )}
      {!closed && !reading && outcomes.length > 0 && request.allowText && (
        <p className="human-text-hint muted small">A button picks the outcome. A reply sent alone is read as one of them: you see how, and can correct it.</p>
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
          {answeredBy === "timeout"
            ? `This request timed out and took its default outcome${answeredOutcome ? `, ${answeredOutcome}` : ""}.`
            : `Already answered by ${answeredBy}${answeredOutcome ? ` — ${answeredOutcome}` : ""}.`}
        </p>
      )}
    </section>
  );
}

/** " · "approve" in 4:12", counting down each second. */
function Deadline({ at, outcome }: { at: number; outcome: string | undefined }) {
  const now = useNow();
  const left = Math.max(0, Math.round((at - now) / 1000));
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  return <> · {outcome ? `"${outcome}" is taken in ${clock}` : `times out in ${clock}`}</>;
}
