// The human card when a person is asked how their reply should be taken: the judge's reading
// ("Read as revise — asks for a shorter version") with a button per outcome (the read one
// marked) and Confirm, or, when the judge was not sure, the outcomes to pick from. With a
// deadline, a countdown says which outcome the run goes on with, and when.
import type { Outcome, PendingHuman, ReplyReading } from "@tandem/shared";
import type { ReactNode } from "react";
import { useNow } from "../ui/useNow.js";
import { outcomeLabel } from "./outcomeLabel.js";

interface Props {
  request: PendingHuman & { reading: ReplyReading };
  disabled: boolean;
  onPick: (outcome: string) => void;
  /** Set beside the buttons: who answers. */
  children?: ReactNode;
}

export function ReadingChoice({ request, disabled, onPick, children }: Props) {
  const { reading, outcomes, deadline } = request;
  const read = reading.outcome;
  return (
    <>
      <div className="human-reading" role="status" aria-label="Reading">
        {read === null ? (
          <p>
            <strong>Not sure how to read this — pick one.</strong> <span className="muted">{reading.reason}</span>
          </p>
        ) : (
          <p>
            Read as <strong>{read}</strong> — {reading.reason}
          </p>
        )}
      </div>
      {read !== null && deadline !== undefined && <Countdown at={deadline} outcome={request.defaultOutcome ?? read} />}
      <div className="human-actions">
        {outcomes.map((o) => (
          <OutcomeButton key={o.name} outcome={o} read={o.name === read} disabled={disabled} onPick={onPick} />
        ))}
        {read !== null && (
          // Focused, so that Enter accepts the reading.
          <button type="button" className="btn btn-primary" disabled={disabled} autoFocus onClick={() => onPick(read)}>
            Confirm
          </button>
        )}
        {children}
      </div>
    </>
  );
}

function OutcomeButton({ outcome, read, disabled, onPick }: { outcome: Outcome; read: boolean; disabled: boolean; onPick: (outcome: string) => void }) {
  return (
    <button type="button" className={read ? "btn is-read" : "btn"} aria-pressed={read} title={outcome.description || undefined} disabled={disabled} onClick={() => onPick(outcome.name)}>
      {outcomeLabel(outcome.name)}
      {read && <span className="read-mark"> (read)</span>}
    </button>
  );
}

/** "goes on with revise in 8 s", each second. */
function Countdown({ at, outcome }: { at: number; outcome: string }) {
  const now = useNow();
  const left = Math.max(0, Math.ceil((at - now) / 1000));
  return (
    <p className="human-countdown muted small">
      goes on with <strong>{outcome}</strong> in {left} s
    </p>
  );
}
