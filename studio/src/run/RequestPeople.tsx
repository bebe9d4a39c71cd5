// The people around one open request, on its card: who it is for, who took it on (with Take it
// on / Let go), how a quorum stands with every vote, and where its escalation chain is.
import { assignmentLabel, type HumanRequestRecord, type Quorum } from "@tandem/shared";
import { useState } from "react";
import { claimTask } from "../api/people.js";
import { useNow } from "../ui/useNow.js";
import { failureSentence } from "./answer.js";
import { usePersonName } from "./person.js";
import { escalationState, quorumLine, type EscalationNow } from "./people.js";

export interface RequestPeopleProps {
  runId: string;
  requestId: string;
  /** The request as the run's state has it now (a copy). */
  record: HumanRequestRecord | undefined;
  quorum?: Quorum;
  escalation?: EscalationNow;
}

export function RequestPeople({ runId, requestId, record, quorum, escalation }: RequestPeopleProps) {
  const by = usePersonName();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const claimed = record?.claimedBy;
  const claim = async (release: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await claimTask(runId, requestId, release, by.trim());
    } catch (e) {
      setError(failureSentence(e));
    } finally {
      setBusy(false);
    }
  };
  const votes = quorum && quorumLine(quorum, record?.votes);
  return (
    <div className="request-people">
      <p className="request-for">
        For <strong>{assignmentLabel(record?.assignees)}</strong>
        {claimed ? (
          <>
            {" "}
            · <span className="request-claimed">taken by {claimed.name}</span>{" "}
            <button type="button" className="btn btn-sm btn-ghost" disabled={busy} onClick={() => void claim(true)}>
              Let go
            </button>
          </>
        ) : (
          <>
            {" "}
            <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void claim(false)} title="Others see that you are on it">
              Take it on
            </button>
          </>
        )}
      </p>
      {votes && (
        <div className="request-quorum">
          <span className="quorum-progress">{votes.progress}</span>
          {votes.voters.length > 0 && (
            <ul className="quorum-votes" aria-label="Votes">
              {votes.voters.map((v, i) => (
                <li key={i}>{v}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {escalation && <EscalationLine escalation={escalation} />}
      {error && (
        <p className="human-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function EscalationLine({ escalation }: { escalation: EscalationNow }) {
  const now = useNow();
  const line = escalationState(escalation, now);
  return line ? <p className="request-escalation">{line}</p> : null;
}
