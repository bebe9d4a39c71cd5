// A person's part in the inspector: what they were asked about which message, and who answered,
// when and what, with their edit shown against the original.
import { auditActor } from "@tandem/shared";
import { ActorLabel } from "../audit/ActorLabel.js";
import { EditDiff } from "../run/EditDiff.js";
import type { HumanExchange } from "./humanExchange.js";

export function HumanDetails({ exchange, onSeek }: { exchange: HumanExchange; onSeek: (seq: number) => void }) {
  const { request, answer, reviewed } = exchange;
  return (
    <section className="human-details" aria-label="Human request">
      <dl className="facts">
        <dt>Asked</dt>
        <dd>
          <time dateTime={new Date(request.at).toISOString()}>{new Date(request.at).toLocaleString()}</time>
        </dd>
        <dt>Instructions</dt>
        <dd>{request.instructions || <span className="muted">None</span>}</dd>
        <dt>Outcomes</dt>
        <dd>{request.outcomes.map((o) => o.name).join(" · ") || <span className="muted">None</span>}</dd>
        {request.reading && (
          <>
            <dt>Reading</dt>
            <dd>{request.reading.outcome === null ? `not sure — ${request.reading.reason}` : `${request.reading.outcome} — ${request.reading.reason}`}</dd>
          </>
        )}
        <dt>May</dt>
        <dd>{[request.allowText && "reply in words", request.allowEdit && "edit the message"].filter(Boolean).join(", ") || "only pick an outcome"}</dd>
      </dl>
      {reviewed && (
        <>
          <h4 className="inspector-subtitle">About {reviewed.name}'s message</h4>
          <pre className="message-text">{reviewed.content}</pre>
          <button type="button" className="link-btn small" onClick={() => onSeek(reviewed.seq)}>
            Go to the message (event {reviewed.seq})
          </button>
        </>
      )}
      <h4 className="inspector-subtitle">Answer</h4>
      {!answer && <p className="muted">Not answered at this point of the run.</p>}
      {answer?.type === "human.timed_out" && (
        <p>
          Nobody answered in time; the default outcome <strong>{answer.outcome}</strong> was taken.
        </p>
      )}
      {answer?.type === "human.responded" && (
        <dl className="facts">
          <dt>By</dt>
          <dd>
            <ActorLabel actor={auditActor(answer)} />
          </dd>
          <dt>When</dt>
          <dd>
            <time dateTime={new Date(answer.at).toISOString()}>{new Date(answer.at).toLocaleString()}</time>{" "}
            <button type="button" className="link-btn small" onClick={() => onSeek(answer.seq)}>
              event {answer.seq}
            </button>
          </dd>
          <dt>Outcome</dt>
          <dd>{answer.outcome ?? <span className="muted">None</span>}</dd>
          {answer.text && (
            <>
              <dt>Reply</dt>
              <dd className="pre">{answer.text}</dd>
            </>
          )}
          {answer.edit !== undefined && (
            <>
              <dt>Edit</dt>
              <dd>{reviewed ? <EditDiff original={reviewed.content} content={answer.edit} /> : <span className="pre">{answer.edit}</span>}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
