// A tool call in the inspector: its card as the transcript shows it at this point, then what the
// card leaves out (the tool's full name, the policy, the idempotency key, the attempts).
import type { ToolCallState } from "@tandem/shared";
import { ToolCallCard } from "../run/ToolCallCard.js";

export function ToolCallDetails({ call }: { call: ToolCallState }) {
  return (
    <section className="tool-details" aria-label="Tool call">
      <ToolCallCard call={call} />
      <dl className="facts">
        <dt>Tool</dt>
        <dd className="mono">{call.ref ?? call.name}</dd>
        <dt>Approval</dt>
        <dd>{call.approval === "required" ? `asked a person (${call.why ?? "policy"})` : call.approval === "none" ? `not needed (${call.why ?? "never"})` : "not decided yet"}</dd>
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
