// A JSON Schema object as a form of fields (name, type, allowed values, required, description)
// or its raw JSON: two views of one schema in the document, with the validator's problems under
// the field they are about. An agent's output schema and an HTTP tool's parameters use it.
import type { OutputSchema, Problem } from "@tandem/shared";
import { useState, type ReactNode } from "react";
import { addField, FIELD_TYPES, formFields, removeField, setField, type FieldType, type SchemaField } from "../flow/outputSchema.js";
import { CodeIcon, PlusIcon, TrashIcon } from "../ui/icons.js";
import { ParsedTextArea } from "./ParsedTextArea.js";
import { normalPath } from "./problems.js";
import { useDraft } from "./useDraft.js";

export interface SchemaEditorProps {
  schema: OutputSchema;
  /** Where the schema sits in problem paths: ".data.outputSchema", "httpTools[0].parameters". */
  at: string;
  /** Problems of the element; those inside the schema are shown. */
  problems: readonly Problem[];
  set: (next: OutputSchema, merge?: string) => void;
  /** Names this schema in undo merge keys, so keystrokes in one of its boxes make one step. */
  editKey: string;
  /** The form's legend, the hint under it, and the JSON box's label. */
  legend: string;
  hint: string;
  jsonLabel: string;
  /** Buttons beside the form / JSON switch. */
  actions?: ReactNode;
}

export function SchemaEditor({ schema, at, problems, set, editKey, legend, hint, jsonLabel, actions }: SchemaEditorProps) {
  const [view, setView] = useState<"form" | "json">("form");
  const own = problems.filter((p) => normalPath(p.path).includes(at));
  const props = { editKey, at, schema, problems: own, set };
  return (
    <>
      <div className="btn-row">
        <button type="button" className="btn btn-sm btn-ghost" aria-pressed={view === "json"} onClick={() => setView(view === "json" ? "form" : "json")}>
          <CodeIcon size={14} /> {view === "json" ? "Show form" : "Show JSON"}
        </button>
        {actions}
      </div>
      {view === "form" ? <SchemaForm {...props} legend={legend} hint={hint} onJson={() => setView("json")} /> : <SchemaJson {...props} label={jsonLabel} />}
    </>
  );
}

interface ViewProps {
  editKey: string;
  at: string;
  schema: OutputSchema;
  problems: readonly Problem[];
  set: (next: OutputSchema, merge?: string) => void;
}

function SchemaForm({ editKey, at, schema, problems, set, legend, hint, onJson }: ViewProps & { legend: string; hint: string; onJson: () => void }) {
  const form = formFields(schema);
  if ("reason" in form) {
    return (
      <p className="field-hint">
        The form shows flat fields only, and {form.reason}.{" "}
        <button type="button" className="link-btn" onClick={onJson}>
          Edit it as JSON
        </button>
      </p>
    );
  }
  const { fields } = form;
  const change = (i: number, field: SchemaField, part: string) => set(setField(schema, fields, i, field), `${editKey}.${i}.${part}`);
  const rootProblem = problems.find((p) => !normalPath(p.path).includes(`${at}.properties.`))?.message;
  return (
    <fieldset className="field schema-form">
      <legend>{legend}</legend>
      <ol className="schema-fields">
        {fields.map((f, i) => (
          <li key={i} className="schema-field" aria-label={`Field ${f.name}`}>
            <FieldRow field={f} taken={fields.filter((_, j) => j !== i).map((x) => x.name)} onChange={(next, part) => change(i, next, part)} />
            <button type="button" className="icon-btn schema-remove" aria-label={`Remove field ${f.name}`} onClick={() => set(removeField(schema, fields, i))}>
              <TrashIcon size={14} />
            </button>
            {problems
              .filter((p) => `${normalPath(p.path)}.`.includes(`${at}.properties.${f.name}.`))
              .map((p) => (
                <p key={p.path + p.message} className="field-error">
                  {p.message}
                </p>
              ))}
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-sm" onClick={() => set(addField(schema, fields))}>
        <PlusIcon size={14} /> Add field
      </button>
      {rootProblem ? <p className="field-error">{rootProblem}</p> : <p className="field-hint">{hint}</p>}
    </fieldset>
  );
}

const listText = (values: string[]) => values.join(", ");
const parseList = (text: string) => text.split(",").map((v) => v.trim()).filter(Boolean);

function FieldRow({ field, taken, onChange }: { field: SchemaField; taken: string[]; onChange: (field: SchemaField, part: string) => void }) {
  const [name, setName] = useDraft(field.name, (n) => n, (t, n) => t === n);
  const [values, setValues] = useDraft(field.values, listText, (t, v) => listText(parseList(t)) === listText(v));
  const nameProblem = !name.trim() ? "a field needs a name" : taken.includes(name.trim()) ? `another field is named "${name.trim()}"` : undefined;
  return (
    <div className="schema-field-body">
      <div className="schema-field-line">
        <input
          className="input mono"
          aria-label="Field name"
          value={name}
          spellCheck={false}
          aria-invalid={nameProblem ? true : undefined}
          onChange={(e) => {
            setName(e.target.value);
            const next = e.target.value.trim();
            if (next && !taken.includes(next)) onChange({ ...field, name: next }, "name");
          }}
        />
        <select className="input" aria-label={`Type of ${field.name}`} value={field.type} onChange={(e) => onChange({ ...field, type: e.target.value as FieldType }, "type")}>
          {FIELD_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      {nameProblem && <p className="field-error">{nameProblem}</p>}
      {field.type === "string" && (
        <input
          className="input"
          aria-label={`Allowed values of ${field.name}`}
          placeholder="allowed values, e.g. pass, fail (empty: any text)"
          value={values}
          onChange={(e) => {
            setValues(e.target.value);
            onChange({ ...field, values: parseList(e.target.value) }, "values");
          }}
        />
      )}
      <div className="schema-field-line">
        <input
          className="input"
          aria-label={`Description of ${field.name}`}
          placeholder="what it means (the model reads it)"
          value={field.description}
          onChange={(e) => onChange({ ...field, description: e.target.value }, "description")}
        />
        <label className="schema-required">
          <input type="checkbox" checked={field.required} onChange={(e) => onChange({ ...field, required: e.target.checked }, "required")} /> required
        </label>
      </div>
    </div>
  );
}

const pretty = (schema: OutputSchema) => JSON.stringify(schema, null, 2);

function readSchema(text: string): { value: OutputSchema } | { error: string } {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? { value: value as OutputSchema } : { error: "expected a JSON object" };
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
}

function SchemaJson({ editKey, at, schema, problems, set, label }: ViewProps & { label: string }) {
  const error = problems.map((p) => `${normalPath(p.path).split(at)[1]!.slice(1) || "schema"}: ${p.message}`).join("\n");
  return (
    <ParsedTextArea
      label={label}
      value={schema}
      format={pretty}
      parse={readSchema}
      onChange={(next) => set(next, `${editKey}.json`)}
      error={error || undefined}
      hint="A JSON Schema: type, properties, required, enum, minimum, maximum, items, description…"
      rows={12}
    />
  );
}
