import type { FlowNode } from "@tandem/shared";
import { deleteSelection } from "../editor/commands.js";
import { KIND_LABEL } from "../flow/reactflow.js";
import { TrashIcon } from "../ui/icons.js";

export function NodeHeader({ node }: { node: FlowNode }) {
  return (
    <div className="inspector-head">
      <div>
        <h2 className="panel-title">{KIND_LABEL[node.type]} node</h2>
        <p className="muted mono small">id: {node.id}</p>
      </div>
      <button type="button" className="btn btn-ghost btn-sm" onClick={deleteSelection} aria-label={`Delete node ${node.data.name}`}>
        <TrashIcon size={14} /> Delete
      </button>
    </div>
  );
}
