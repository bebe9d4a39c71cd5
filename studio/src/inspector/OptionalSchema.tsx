// A schema a flow may declare or not (an agent's output schema, the flow's input form): a
// button that adds an empty one, or the schema editor with a button that removes it.
import type { OutputSchema } from "@tandem/shared";
import { EMPTY_SCHEMA } from "../flow/outputSchema.js";
import { PlusIcon, TrashIcon } from "../ui/icons.js";
import { SchemaEditor, type SchemaEditorProps } from "./SchemaEditor.js";

interface Props extends Omit<SchemaEditorProps, "schema" | "set" | "actions"> {
  schema: OutputSchema | undefined;
  set: (next: OutputSchema | undefined, merge?: string) => void;
  /** The section's class and title; what it is for while absent; the add and remove buttons' words. */
  className: string;
  title: string;
  absent: string;
  add: string;
  remove: string;
}

export function OptionalSchema({ schema, set, className, title, absent, add, remove, ...editor }: Props) {
  return (
    <details className={`inspector-more ${className}`} open={schema !== undefined}>
      <summary>{title}</summary>
      {schema === undefined ? (
        <>
          <p className="field-hint">{absent}</p>
          <button type="button" className="btn btn-sm" onClick={() => set(EMPTY_SCHEMA)}>
            <PlusIcon size={14} /> {add}
          </button>
        </>
      ) : (
        <SchemaEditor
          {...editor}
          schema={schema}
          set={set}
          actions={
            <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => set(undefined)}>
              <TrashIcon size={14} /> {remove}
            </button>
          }
        />
      )}
    </details>
  );
}
