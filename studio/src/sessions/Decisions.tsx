// Who decided each human step of the run (answers, votes, approvals, edits, corrections, claims,
// escalations), read from its events as the audit reads them; a click moves the cursor there.
import { eventsToAudit, type RunEvent } from "@tandem/shared";
import { useMemo } from "react";
import { ActorLabel } from "../audit/ActorLabel.js";
import type { Replay } from "./replay.js";

export function Decisions({ replay, cursor, onSeek }: { replay: Replay; cursor: number; onSeek: (seq: number) => void }) {
  const entries = useMemo(() => {
    const events: RunEvent[] = [];
    for (let seq = 1; seq <= replay.status.getState().lastSeq; seq++) events.push(replay.event(seq)!);
    const started = events[0];
    if (started?.type !== "run.started") return [];
    return eventsToAudit({ id: started.runId, flowId: started.flowId ?? null, flowName: started.flow.name }, events);
  }, [replay]);
  if (entries.length === 0) return null;
  return (
    <section className="decisions" aria-labelledby="decisions-title">
      <h3 id="decisions-title" className="inspector-subtitle">
        Who decided
      </h3>
      <ol className="decision-list">
        {entries.map((e) => (
          <li key={`${e.seq}/${e.action}`}>
            <button
              type="button"
              className={e.seq === cursor ? "event-row decision-row is-current" : "event-row decision-row"}
              aria-current={e.seq === cursor ? "step" : undefined}
              onClick={() => onSeek(e.seq!)}
            >
              <span className="event-seq mono">{e.seq}</span>
              <span className="decision-node">{e.nodeName ?? e.nodeId}</span>
              <ActorLabel actor={e.actor} />
              <span className={`audit-action audit-${e.action}`}>{e.action}</span>
              <span className="decision-detail">{e.detail}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
