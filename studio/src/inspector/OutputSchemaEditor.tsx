// An agent's output schema: asked for or not, and when it is, its fields as a form or raw JSON
// (SchemaEditor). The shared validator's problems show under the field they are about.
import type { AgentNode, OutputSchema, Problem } from "@tandem/shared";
import { updateNodeData } from "../flow/edits.js";
import { edit } from "../stores/document.js";
import { OptionalSchema } from "./OptionalSchema.js";

interface Props {
  node: AgentNode;
  problems: readonly Problem[];
}

export function OutputSchemaEditor({ node, problems }: Props) {
  const set = (next: OutputSchema | undefined, merge?: string) => edit((f) => updateNodeData(f, node.id, { outputSchema: next }), merge);
  return (
    <OptionalSchema
      schema={node.data.outputSchema}
      set={set}
      className="output-schema"
      title="Output schema"
      absent="Ask for the reply as JSON that fits a schema: it is checked before the run goes on, and edges can route on its fields."
      add="Add an output schema"
      remove="Remove schema"
      at=".data.outputSchema"
      problems={problems}
      editKey={`${node.id}.outputSchema`}
      legend="Fields of the reply"
      hint='Edges from this agent can route on these fields, e.g. verdict == "pass".'
      jsonLabel="Output schema (JSON)"
    />
  );
}
