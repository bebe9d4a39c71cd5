import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasNode } from "../../flow/reactflow.js";
import { StartIcon } from "../../ui/icons.js";
import { NodeFrame } from "./NodeFrame.js";

type Props = NodeProps<Extract<CanvasNode, { type: "start" }>>;

/** Where a run begins: the requester, whose input is the first message. */
export const StartNode = memo(function StartNode({ id, data, selected }: Props) {
  return (
    <NodeFrame id={id} kind="start" name={data.name} selected={selected} icon={<StartIcon />}>
      <div className="node-line muted">the run's input</div>
    </NodeFrame>
  );
});
