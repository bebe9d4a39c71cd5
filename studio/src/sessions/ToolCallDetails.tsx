// A tool call in the inspector: its card as the transcript shows it at this point, then what the
// card leaves out (the tool's full name, the policy, who may decide and who did, the idempotency
// key, the attempts).
import { assignmentLabel, isAssigned, type HumanRequestRecord, type ToolCallState } from "@tandem/shared";
import { actorLine } from "../run/people.js";
import { ToolCallCard } from "../run/ToolCallCard.js";

/** `request`: the approval request as it stood then (who it was for, who decided). */
export function ToolCallDetails({ call, request }: { call: ToolCallState; request?: HumanRequestRecord }) {
  return (
    <section className="tool-details" aria-label="Tool call">
      <ToolCallCard call={call} />
      <dl className="facts">
        <dt>Tool</dt>
        <dd className="mono">{call.ref ?? call.name}</dd>
        <dt>Approval</dt>
        <dd>{call.approval === "required" ? `asked a person (${call.why ?? "policy"})` : call.approval === "none" ? `not needed (${call.why ?? "never"})` : "not decided yet"}</dd>
        {isAssigned(request?.assignees) && (
          <>
            <dt>For</dt>
            <dd>{assignmentLabel(request.assignees)}</dd>
          </>
        )}
        {request?.actor && (
          <>
            <dt>Decided by</dt>
            <dd>{actorLine(request.actor, request.assignees)}</dd>
          </>
        )}
        {call.idempotencyKey && (
          <>
            <dt>Idempotency key</dt>
            <dd className="mono">{call.idempotencyKey}</dd>
          </>
        )}
        <dt>Attempts</dt>
        <dd>{call.attempts}</dd>
      </dl>
    </section>
  );
}
