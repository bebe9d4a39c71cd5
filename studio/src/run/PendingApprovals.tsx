// The approval cards of the run in view: one per tool call waiting for a person, in the order
// asked, each decided on its own. A card goes once its call is decided, whoever decided it.
import { nodeById, requestOf, type HumanRequestRecord, type RunState } from "@tandem/shared";
import { useRunView, useRunViewStore } from "../run-view/context.js";
import { ApprovalCard } from "./ApprovalCard.js";
import { saidSoFar, waitingCalls } from "./toolCalls.js";

export function PendingApprovals() {
  useRunView((v) => v.version);
  const state = useRunViewStore().getState().state;
  if (!state || state.approvals.length === 0) return null;
  return (
    <div className="approvals" aria-label="Tool calls waiting for approval">
      {waitingCalls(state).map((call) => (
        <ApprovalCard
          key={call.requestId}
          runId={state.runId}
          call={call}
          nodeName={nodeById(state.flow, call.nodeId)?.data.name ?? call.nodeId}
          said={saidSoFar(state, call)}
          record={recordOf(state, call.requestId)}
        />
      ))}
    </div>
  );
}

/** A copy of the request's record: the state is updated in place, the card must see it change. */
function recordOf(state: RunState, requestId: string | undefined): HumanRequestRecord | undefined {
  const record = requestId ? requestOf(state, requestId) : undefined;
  return record && { ...record };
}
