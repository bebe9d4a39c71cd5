// An agent's output schema: a form of fields (name, type, allowed values, required, description)
// and the raw JSON beside it, two views of the one schema in the document. The shared validator's
// problems show under the field they are about.
import type { AgentNode, OutputSchema, Problem } from "@tandem/shared";
import { useState } from "react";
import { updateNodeData } from "../flow/edits.js";
import { addField, EMPTY_SCHEMA, FIELD_TYPES, formFields, removeField, setField, type FieldType, type SchemaField } from "../flow/outputSchema.js";
import { edit } from "../stores/document.js";
import { CodeIcon, PlusIcon, TrashIcon } from "../ui/icons.js";
import { Field } from "./fields.js";
import { useDraft } from "./useDraft.js";

interface Props {
  node: AgentNode;
  problems: readonly Problem[];
}

const AT = ".data.outputSchema";

export function OutputSchemaEditor({ node, problems }: Props) {
  const schema = node.data.outputSchema;
  const [view, setView] = useState<"form" | "json">("form");
  const set = (next: OutputSchema | undefined, merge?: string) => edit((f) => updateNodeData(f, node.id, { outputSchema: next }), merge);
  const own = problems.filter((p) => p.path.includes(AT));
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
        <>
          <div className="btn-row">
            <button type="button" className="btn btn-sm btn-ghost" aria-pressed={view === "json"} onClick={() => setView(view === "json" ? "form" : "json")}>
              <CodeIcon size={14} /> {view === "json" ? "Show form" : "Show JSON"}
            </button>
            <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => set(undefined)}>
              <TrashIcon size={14} /> Remove schema
            </button>
          </div>
          {view === "form" ? (
            <SchemaForm nodeId={node.id} schema={schema} problems={own} set={set} onJson={() => setView("json")} />
          ) : (
            <SchemaJson nodeId={node.id} schema={schema} problems={own} set={set} />
          )}
        </>
      )}
    </details>
  );
}

interface ViewProps {
  nodeId: string;
  schema: OutputSchema;
  problems: readonly Problem[];
  set: (next: OutputSchema, merge?: string) => void;
}

function SchemaForm({ nodeId, schema, problems, set, onJson }: ViewProps & { onJson: () => void }) {
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
  const change = (i: number, field: SchemaField, part: string) => set(setField(schema, fields, i, field), `${nodeId}.outputSchema.${i}.${part}`);
  const rootProblem = problems.find((p) => !p.path.includes(`${AT}.properties.`))?.message;
  return (
    <fieldset className="field schema-form">
      <legend>Fields of the reply</legend>
      <ol className="schema-fields">
        {fields.map((f, i) => (
          <li key={i} className="schema-field" aria-label={`Field ${f.name}`}>
            <FieldRow field={f} taken={fields.filter((_, j) => j !== i).map((x) => x.name)} onChange={(next, part) => change(i, next, part)} />
            <button type="button" className="icon-btn schema-remove" aria-label={`Remove field ${f.name}`} onClick={() => set(removeField(schema, fields, i))}>
              <TrashIcon size={14} />
            </button>
            {problems
              .filter((p) => `${p.path}.`.includes(`${AT}.properties.${f.name}.`))
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
      {rootProblem ? <p className="field-error">{rootProblem}</p> : <p className="field-hint">Edges from this agent can route on these fields, e.g. verdict == "pass".</p>}
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

function jsonProblem(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? undefined : "expected a JSON object";
  } catch (e) {
    return `not JSON: ${(e as Error).message}`;
  }
}

function SchemaJson({ nodeId, schema, problems, set }: ViewProps) {
  const [text, setText] = useDraft(schema, pretty, (t, s) => !jsonProblem(t) && JSON.stringify(JSON.parse(t)) === JSON.stringify(s));
  const parseError = jsonProblem(text);
  const error = parseError ?? problems.map((p) => `${p.path.slice(p.path.indexOf(AT) + AT.length + 1) || "schema"}: ${p.message}`).join("\n");
  return (
    <Field label="Output schema (JSON)" error={error || undefined} hint="A JSON Schema: type, properties, required, enum, minimum, maximum, items, description…">
      {(id, describedBy) => (
        <textarea
          id={id}
          className="input mono"
          rows={12}
          spellCheck={false}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setText(e.target.value);
            if (!jsonProblem(e.target.value)) set(JSON.parse(e.target.value) as OutputSchema, `${nodeId}.outputSchema.json`);
          }}
        />
      )}
    </Field>
  );
}
