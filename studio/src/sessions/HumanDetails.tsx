// A person's part in the inspector: what they were asked about which message, who it was for,
// who took it on, voted or was escalated to, and who answered (and how: studio, terminal, link…),
// when and what, with their edit shown against the original.
import { assignmentLabel, isAssigned } from "@tandem/shared";
import { EditDiff } from "../run/EditDiff.js";
import { actorLine } from "../run/people.js";
import type { HumanExchange, PeopleEvent } from "./humanExchange.js";

/** One claim, vote or escalation, with who did it. */
function peopleLine(e: PeopleEvent): string {
  switch (e.type) {
    case "task.claimed":
      return `${actorLine(e.actor)} took it on`;
    case "task.released":
      return `${actorLine(e.actor)} let it go`;
    case "human.voted":
      return `${actorLine(e.actor)} voted ${e.outcome}${e.text ? `: “${e.text}”` : ""}`;
    case "human.escalated":
      return e.action === "reassign" ? `escalated (step ${e.step + 1}): reassigned to ${assignmentLabel(e.assignees)}` : `escalated (step ${e.step + 1}): ${e.action === "remind" ? "reminded" : "takes the default"}`;
  }
}

export function HumanDetails({ exchange, onSeek }: { exchange: HumanExchange; onSeek: (seq: number) => void }) {
  const { request, people, answer, reviewed } = exchange;
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
        {isAssigned(request.assignees) && (
          <>
            <dt>For</dt>
            <dd>{assignmentLabel(request.assignees)}</dd>
          </>
        )}
        {request.quorum && (
          <>
            <dt>Quorum</dt>
            <dd>
              {request.quorum.count} × {request.quorum.outcome}
            </dd>
          </>
        )}
        {request.problem && (
          <>
            <dt>Went wrong</dt>
            <dd>
              {request.problem.nodeId} {request.problem.kind === "error" ? "failed" : "is stuck"}: {request.problem.message}
            </dd>
          </>
        )}
        <dt>May</dt>
        <dd>{[request.allowText && "reply in words", request.allowEdit && "edit the message"].filter(Boolean).join(", ") || "only pick an outcome"}</dd>
      </dl>
      {reviewed && (
        <>
          <h3 className="inspector-subtitle">About {reviewed.name}'s message</h3>
          <pre className="message-text">{reviewed.content}</pre>
          <button type="button" className="link-btn small" onClick={() => onSeek(reviewed.seq)}>
            Go to the message (event {reviewed.seq})
          </button>
        </>
      )}
      {people.length > 0 && (
        <>
          <h3 className="inspector-subtitle">People</h3>
          <ol className="people-events">
            {people.map((e) => (
              <li key={e.seq}>
                <button type="button" className="link-btn small" onClick={() => onSeek(e.seq)}>
                  event {e.seq}
                </button>{" "}
                {peopleLine(e)}
              </li>
            ))}
          </ol>
        </>
      )}
      <h3 className="inspector-subtitle">Answer</h3>
      {!answer && <p className="muted">Not answered at this point of the run.</p>}
      {answer?.type === "human.timed_out" && (
        <p>
          Nobody answered in time; the default outcome <strong>{answer.outcome}</strong> was taken.
        </p>
      )}
      {answer?.type === "human.responded" && (
        <dl className="facts">
          <dt>By</dt>
          <dd>{answer.actor ? actorLine(answer.actor, request.assignees) : answer.by}</dd>
          <dt>When</dt>
          <dd>
            <time dateTime={new Date(answer.at).toISOString()}>{new Date(answer.at).toLocaleString()}</time>{" "}
            <button type="button" className="link-btn small" onClick={() => onSeek(answer.seq)}>
              event {answer.seq}
            </button>
          </dd>
          <dt>Outcome</dt>
          <dd>{answer.outcome ?? <span className="muted">None</span>}</dd>
          {answer.votes !== undefined && (
            <>
              <dt>Votes</dt>
              <dd>{answer.votes}, this answer the last of them</dd>
            </>
          )}
          {answer.fallback && (
            <>
              <dt>Fallback</dt>
              <dd>{answer.fallback === "retry" ? "ran the node again" : answer.fallback === "instead" ? "answered in the node's place" : "failed the run"}</dd>
            </>
          )}
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
