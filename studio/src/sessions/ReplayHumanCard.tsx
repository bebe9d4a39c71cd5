// At a point where a person was asked: the live run's human card, closed with who answered,
// and the way to answer differently (a fork). A request still open is answered live, not here.
import { nodeById } from "@tandem/shared";
import { useMemo } from "react";
import { paths } from "../router.js";
import { useRunState } from "../run-view/context.js";
import { HumanCard } from "../run/HumanCard.js";
import { actorLine } from "../run/people.js";
import { humanExchangeAt } from "./humanExchange.js";
import type { Replay } from "./replay.js";

export function ReplayHumanCard({ replay, onFork }: { replay: Replay; onFork: () => void }) {
  const seq = useRunState((s) => s.pending?.seq ?? null, null);
  const exchange = useMemo(() => (seq === null ? undefined : humanExchangeAt(replay.snapshots, seq)), [replay, seq]);
  if (!exchange) return null;
  const { request, answer, reviewed } = exchange;
  const state = replay.snapshots.stateAt(request.seq);
  const pending = state.pending!;
  const nodeName = nodeById(state.flow, request.nodeId)?.data.name ?? request.nodeId;
  return (
    <div className="replay-human">
      {answer ? (
        <HumanCard
          runId={state.runId}
          request={pending}
          nodeName={nodeName}
          review={reviewed && { name: reviewed.name, content: reviewed.content }}
          answeredBy={answer.type === "human.timed_out" ? "timeout" : answer.actor ? actorLine(answer.actor, request.assignees) : answer.by}
          answeredOutcome={answer.outcome}
        />
      ) : (
        <p className="replay-note">
          {nodeName} is waiting for a person. <a href={`#${paths.run(state.runId)}`}>Answer in the live view</a>
        </p>
      )}
      <button type="button" className="btn btn-sm" onClick={onFork}>
        Answer differently from here…
      </button>
    </div>
  );
}
