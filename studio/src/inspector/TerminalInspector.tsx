import type { EndNode, StartNode } from "@tandem/shared";
import { updateNodeData } from "../flow/edits.js";
import { edit } from "../stores/document.js";
import { TextInput } from "./fields.js";
import { NodeHeader } from "./NodeHeader.js";
import { ProblemList } from "./ProblemList.js";
import { fieldError, useElementProblems } from "./problems.js";

const NOTES = {
  start: "The run's input becomes the first message, said by this name.",
  end: "The run finishes here; its output is the last agent message.",
};

/** Start and end nodes: only a name. */
export function TerminalInspector({ node }: { node: StartNode | EndNode }) {
  const problems = useElementProblems("node", node.id);
  return (
    <div className="inspector-body">
      <NodeHeader node={node} />
      <p className="inspector-note">{NOTES[node.type]}</p>
      <ProblemList problems={problems} />
      <TextInput
        label="Name"
        value={node.data.name}
        onChange={(name) => edit((f) => updateNodeData(f, node.id, { name }), `${node.id}.name`)}
        error={fieldError(problems, "data.name")}
      />
    </div>
  );
}
