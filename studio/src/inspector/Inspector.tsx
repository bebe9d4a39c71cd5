// The right-hand panel: the settings of what is selected, or of the flow when nothing is.
import { useDocument } from "../stores/document.js";
import { useUi } from "../stores/ui.js";
import { copySelection, deleteSelection } from "../editor/commands.js";
import { AgentInspector } from "./AgentInspector.js";
import { EdgeInspector } from "./EdgeInspector.js";
import { FlowInspector } from "./FlowInspector.js";
import { HumanInspector } from "./HumanInspector.js";
import { TerminalInspector } from "./TerminalInspector.js";
import { useReactFlow } from "@xyflow/react";
import type { CanvasEdge, CanvasNode } from "../flow/reactflow.js";
import { CopyIcon, TrashIcon } from "../ui/icons.js";

export function Inspector() {
  const nodeIds = useUi((s) => s.selectedNodes);
  const edgeIds = useUi((s) => s.selectedEdges);
  const count = nodeIds.size + edgeIds.size;
  const onlyNode = count === 1 && nodeIds.size === 1 ? [...nodeIds][0] : undefined;
  const onlyEdge = count === 1 && edgeIds.size === 1 ? [...edgeIds][0] : undefined;
  const node = useDocument((s) => (onlyNode ? s.flow.nodes.find((n) => n.id === onlyNode) : undefined));
  const edge = useDocument((s) => (onlyEdge ? s.flow.edges.find((e) => e.id === onlyEdge) : undefined));

  let body;
  if (node?.type === "agent") body = <AgentInspector key={node.id} node={node} />;
  else if (node?.type === "human") body = <HumanInspector key={node.id} node={node} />;
  else if (node) body = <TerminalInspector key={node.id} node={node} />;
  else if (edge) body = <EdgeInspector key={edge.id} edge={edge} />;
  else if (count > 1) body = <SelectionSummary nodes={nodeIds.size} edges={edgeIds.size} />;
  else body = <FlowInspector />;

  return (
    <aside className="inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}

function SelectionSummary({ nodes, edges }: { nodes: number; edges: number }) {
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  return (
    <div className="inspector-body">
      <h2 className="panel-title">
        {nodes} node{nodes === 1 ? "" : "s"}, {edges} edge{edges === 1 ? "" : "s"} selected
      </h2>
      <div className="btn-row">
        <button type="button" className="btn btn-sm" onClick={() => copySelection(rf)}>
          <CopyIcon size={14} /> Copy
        </button>
        <button type="button" className="btn btn-sm btn-danger-ghost" onClick={deleteSelection}>
          <TrashIcon size={14} /> Delete
        </button>
      </div>
    </div>
  );
}
