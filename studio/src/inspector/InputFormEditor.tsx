// The flow's input form: declared or not, and when it is, its fields (text, number, integer,
// yes/no, a choice of texts) in the same schema editor as an agent's output schema. A hosted page
// asks for these fields, and the run gets them as JSON.
import type { OutputSchema, Problem } from "@tandem/shared";
import { updateSettings } from "../flow/edits.js";
import { edit, useDocument } from "../stores/document.js";
import { OptionalSchema } from "./OptionalSchema.js";

export function InputFormEditor({ problems }: { problems: readonly Problem[] }) {
  const schema = useDocument((s) => s.flow.inputSchema);
  const set = (next: OutputSchema | undefined, merge?: string) => edit((f) => updateSettings(f, { inputSchema: next }), merge);
  return (
    <OptionalSchema
      schema={schema}
      set={set}
      className="input-form"
      title="Input form"
      absent="Ask for the input as named fields: the hosted page shows them as a form, and the run gets the values as JSON. Without it, the page is a message box."
      add="Add an input form"
      remove="Remove form"
      at="inputSchema"
      problems={problems}
      editKey="flow.inputSchema"
      legend="Fields of the input"
      hint="Each description shows under its field on the hosted page."
      jsonLabel="Input schema (JSON)"
    />
  );
}
