// An agent's output schema: asked for or not, and when it is, its fields as a form or raw JSON
// (SchemaEditor). The shared validator's problems show under the field they are about.
import type { AgentNode, OutputSchema, Problem } from "@tandem/shared";
import { updateNodeData } from "../flow/edits.js";
import { EMPTY_SCHEMA } from "../flow/outputSchema.js";
import { edit } from "../stores/document.js";
import { PlusIcon, TrashIcon } from "../ui/icons.js";
import { SchemaEditor } from "./SchemaEditor.js";

interface Props {
  node: AgentNode;
  problems: readonly Problem[];
}

export function OutputSchemaEditor({ node, problems }: Props) {
  const schema = node.data.outputSchema;
  const set = (next: OutputSchema | undefined, merge?: string) => edit((f) => updateNodeData(f, node.id, { outputSchema: next }), merge);
  return (
    <details className="inspector-more output-schema" open={schema !== undefined}>
      <summary>Output schema</summary>
      {schema === undefined ? (
        <>
          <p className="field-hint">Ask for the reply as JSON that fits a schema: it is checked before the run goes on, and edges can route on its fields.</p>
          <button type="button" className="btn btn-sm" onClick={() => set(EMPTY_SCHEMA)}>
            <PlusIcon size={14} /> Add an output schema
          </button>
        </>
      ) : (
        <SchemaEditor
          schema={schema}
          at=".data.outputSchema"
          problems={problems}
          set={set}
          editKey={`${node.id}.outputSchema`}
          legend="Fields of the reply"
          hint='Edges from this agent can route on these fields, e.g. verdict == "pass".'
          jsonLabel="Output schema (JSON)"
          actions={
            <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => set(undefined)}>
              <TrashIcon size={14} /> Remove schema
            </button>
          }
        />
      )}
    </details>
  );
}
