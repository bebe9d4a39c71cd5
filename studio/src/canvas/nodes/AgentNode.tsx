import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasNode } from "../../flow/reactflow.js";
import { toolsSummary } from "../../flow/tools.js";
import { AgentIcon } from "../../ui/icons.js";
import { NodeFrame } from "./NodeFrame.js";

type Props = NodeProps<Extract<CanvasNode, { type: "agent" }>>;

export const AgentNode = memo(function AgentNode({ id, data, selected }: Props) {
  return (
    <NodeFrame id={id} kind="agent" name={data.name} selected={selected} icon={<AgentIcon />}>
      <div className="node-chips">
        <span className={data.model ? "chip chip-mono" : "chip chip-missing"}>{data.model || "no model"}</span>
        {data.maxVisits !== undefined && <span className="chip">≤ {data.maxVisits} visits</span>}
        {data.tools?.length ? <span className="chip">{toolsSummary(data.tools)}</span> : null}
      </div>
      {data.systemMessage && <p className="node-text">{data.systemMessage}</p>}
    </NodeFrame>
  );
});
