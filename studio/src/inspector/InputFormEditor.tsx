// The flow's input form: declared or not, and when it is, its fields (text, number, integer,
// yes/no, a choice of texts) in the same schema editor as an agent's output schema. A hosted page
// asks for these fields, and the run gets them as JSON.
import type { OutputSchema, Problem } from "@tandem/shared";
import { updateSettings } from "../flow/edits.js";
import { EMPTY_SCHEMA } from "../flow/outputSchema.js";
import { edit, useDocument } from "../stores/document.js";
import { PlusIcon, TrashIcon } from "../ui/icons.js";
import { SchemaEditor } from "./SchemaEditor.js";

export function InputFormEditor({ problems }: { problems: readonly Problem[] }) {
  const schema = useDocument((s) => s.flow.inputSchema);
  const set = (next: OutputSchema | undefined, merge?: string) => edit((f) => updateSettings(f, { inputSchema: next }), merge);
  return (
    <details className="inspector-more input-form" open={schema !== undefined}>
      <summary>Input form</summary>
      {schema === undefined ? (
        <>
          <p className="field-hint">Ask for the input as named fields: the hosted page shows them as a form, and the run gets the values as JSON. Without it, the page is a message box.</p>
          <button type="button" className="btn btn-sm" onClick={() => set(EMPTY_SCHEMA)}>
            <PlusIcon size={14} /> Add an input form
          </button>
        </>
      ) : (
        <SchemaEditor
          schema={schema}
          at="inputSchema"
          problems={problems}
          set={set}
          editKey="flow.inputSchema"
          legend="Fields of the input"
          hint="The description shows under the field on the hosted page."
          jsonLabel="Input schema (JSON)"
          actions={
            <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => set(undefined)}>
              <TrashIcon size={14} /> Remove form
            </button>
          }
        />
      )}
    </details>
  );
}
