import { assignmentLabel, isAssigned } from "@tandem/shared";
import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import { escalationLine } from "../../flow/people.js";
import type { CanvasNode } from "../../flow/reactflow.js";
import { PersonIcon } from "../../ui/icons.js";
import { NodeFrame } from "./NodeFrame.js";

type Props = NodeProps<Extract<CanvasNode, { type: "human" }>>;

/** A person in the loop: drawn warm and with a person icon so it stands out from the agents; who it is for, how many decide, and its escalation. */
export const HumanNode = memo(function HumanNode({ id, data, selected }: Props) {
  const answers = [data.allowText && "free text", data.allowEdit && "may edit"].filter(Boolean).join(" · ");
  return (
    <NodeFrame id={id} kind="human" name={data.name} selected={selected} icon={<PersonIcon />} badge="Person in the loop">
      {data.instructions && <p className="node-text">{data.instructions}</p>}
      {data.outcomes.length > 0 && (
        <div className="node-chips" aria-label="Outcomes">
          {data.outcomes.map((o, i) => (
            <span key={i} className={o.name === data.defaultOutcome ? "chip chip-outcome is-default" : "chip chip-outcome"} title={o.description || undefined}>
              {o.name}
            </span>
          ))}
        </div>
      )}
      {(isAssigned(data.assignees) || data.quorum) && (
        <div className="node-chips" aria-label="People">
          {isAssigned(data.assignees) && (
            <span className="chip chip-assignees" title={`Answered by ${assignmentLabel(data.assignees)} (and admins)`}>
              <PersonIcon size={11} /> {assignmentLabel(data.assignees)}
            </span>
          )}
          {data.quorum && (
            <span className="chip chip-quorum" title={`${data.quorum.count} votes for ${data.quorum.outcome} decide; any other outcome decides at once`}>
              {data.quorum.count} × {data.quorum.outcome}
            </span>
          )}
        </div>
      )}
      {data.escalation?.length ? (
        <p className="node-escalation" title="Escalates while nobody answers, counted from when it was asked">
          Escalates: {escalationLine(data.escalation)}
        </p>
      ) : null}
      <div className="node-line">
        {answers}
        {data.timeoutSeconds !== undefined && ` · times out in ${data.timeoutSeconds}s`}
        {data.maxVisits !== undefined && ` · ≤ ${data.maxVisits} visits`}
      </div>
    </NodeFrame>
  );
});
