import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasNode } from "../../flow/reactflow.js";
import { PersonIcon } from "../../ui/icons.js";
import { NodeFrame } from "./NodeFrame.js";

type Props = NodeProps<Extract<CanvasNode, { type: "human" }>>;

/** A person in the loop: drawn warm and with a person icon so it stands out from the agents. */
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
      <div className="node-line">
        {answers}
        {data.timeoutSeconds !== undefined && ` · times out in ${data.timeoutSeconds}s`}
        {data.maxVisits !== undefined && ` · ≤ ${data.maxVisits} visits`}
      </div>
    </NodeFrame>
  );
});
