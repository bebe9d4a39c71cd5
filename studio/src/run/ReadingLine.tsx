// How a reply was read, under the message: "read as revise — asks for a shorter version", then
// what a person made of it ("corrected to approve by Ana", "confirmed by Ana") or that the
// confirmation window ran out. The judge is named on hover.
import type { MessageReading } from "@tandem/shared";

export function ReadingLine({ reading }: { reading: MessageReading }) {
  const { outcome, reason, judge, settled } = reading;
  return (
    <p className="msg-reading" title={`Read by ${judge === "offline" ? "the offline judge" : judge}`}>
      {outcome === null ? (
        <>not sure how to read this — {reason}</>
      ) : (
        <>
          read as <strong>{outcome}</strong> — {reason}
        </>
      )}
      {settled && <Settled outcome={outcome} settled={settled} />}
    </p>
  );
}

function Settled({ outcome, settled }: { outcome: string | null; settled: NonNullable<MessageReading["settled"]> }) {
  if (settled.by === "timeout") return <span className="msg-settled"> · taken after the window</span>;
  if (settled.outcome === outcome) return <span className="msg-settled"> · confirmed by {settled.by}</span>;
  return (
    <span className="msg-settled is-corrected">
      {" "}
      · {outcome === null ? "picked" : "corrected to"} <strong>{settled.outcome}</strong> by {settled.by}
    </span>
  );
}
