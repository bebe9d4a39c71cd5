// A node an edge names but the flow does not have: drawn dashed and red so the broken edge shows
// and can be selected and deleted. It is not part of the document and cannot be edited.
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { MissingNode as MissingNodeView } from "../../flow/reactflow.js";
import { ErrorIcon } from "../../ui/icons.js";

export const MissingNode = memo(function MissingNode({ data }: NodeProps<MissingNodeView>) {
  return (
    <div className="node node-missing" title={`No node "${data.name}" in this flow: delete the edge, or add a node with this id`}>
      <Handle type="target" position={Position.Left} className="handle" isConnectable={false} />
      <div className="node-head">
        <span className="node-icon">
          <ErrorIcon size={14} />
        </span>
        <span className="node-kind">Missing node</span>
      </div>
      <div className="node-name">{data.name}</div>
      <Handle type="source" position={Position.Right} className="handle" isConnectable={false} />
    </div>
  );
});
