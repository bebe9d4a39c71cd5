import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasNode } from "../../flow/reactflow.js";
import { EndIcon } from "../../ui/icons.js";
import { NodeFrame } from "./NodeFrame.js";

type Props = NodeProps<Extract<CanvasNode, { type: "end" }>>;

/** Finishes the run; its output is the last agent message. */
export const EndNode = memo(function EndNode({ id, data, selected }: Props) {
  return (
    <NodeFrame id={id} kind="end" name={data.name} selected={selected} icon={<EndIcon />}>
      <div className="node-line muted">output: last message</div>
    </NodeFrame>
  );
});
