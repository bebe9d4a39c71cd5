// A field condition's parts: which field (of an agent's structured reply, or of a tool call's
// arguments), how it compares, and the value, typed as the schema declares the field (a number
// box, true/false, an enum's values).
import { FIELD_OPS, type FieldOp } from "@tandem/shared";
import { firstValue, type FieldValue, type SchemaField } from "../flow/schemaFields.js";
import { NumberInput, Select, TextInput } from "./fields.js";

/** What an edge's field condition and a tool's "when" approval have in common. */
interface Condition {
  path: string;
  op: FieldOp;
  value: FieldValue;
}

interface Props<C extends Condition> {
  when: C;
  /** The schema's fields; none when no schema is known. */
  fields: readonly SchemaField[];
  /** merge: a keystroke that joins the previous undo step. */
  onChange: (next: C, merge?: boolean) => void;
  pathError?: string;
  valueError?: string;
  /** What the path is called, its placeholder, and what to do when no fields are known. */
  label?: string;
  placeholder?: string;
  noFieldsHint?: string;
}

/** Only numbers are ordered; other fields are equal or not. */
const opsFor = (field: SchemaField | undefined): readonly FieldOp[] => (!field || field.type === "number" ? FIELD_OPS : ["==", "!="]);

/** A field the schema does not describe, compared with > or <: its value is a number (text "100" would never order against 250). */
const orderedUnknown = (op: FieldOp): SchemaField | undefined => (op === "==" || op === "!=" ? undefined : { path: "", type: "number" });

export function FieldConditionEditor<C extends Condition>({
  when,
  fields,
  onChange,
  pathError,
  valueError,
  label = "Field",
  placeholder = "verdict or review.score",
  noFieldsHint = "Give the agent an output schema to pick its fields here.",
}: Props<C>) {
  const field = fields.find((f) => f.path === when.path);
  const ops = [...new Set([...opsFor(field), when.op])];
  const setPath = (path: string) => {
    const next = fields.find((f) => f.path === path);
    onChange({ ...when, path, op: opsFor(next).includes(when.op) ? when.op : "==", value: firstValue(next) });
  };
  return (
    <>
      {fields.length > 0 ? (
        <Select
          label={label}
          value={when.path}
          options={[...new Set([...fields.map((f) => f.path), when.path])].map((p) => ({ value: p, label: p || "(choose one)" }))}
          onChange={setPath}
          error={pathError}
        />
      ) : (
        <TextInput label={label} value={when.path} mono placeholder={placeholder} onChange={(path) => onChange({ ...when, path }, true)} error={pathError} hint={noFieldsHint} />
      )}
      <div className="field-row">
        <Select label="Operator" value={when.op} options={ops.map((op) => ({ value: op, label: op }))} onChange={(op) => onChange({ ...when, op })} />
        <ValueInput field={field ?? orderedUnknown(when.op)} value={when.value} onChange={(value, merge) => onChange({ ...when, value }, merge)} error={valueError} />
      </div>
    </>
  );
}

function ValueInput({ field, value, onChange, error }: { field: SchemaField | undefined; value: FieldValue; onChange: (v: FieldValue, merge?: boolean) => void; error?: string }) {
  if (field?.values?.length) {
    const options = [...new Set([...field.values, value].map((v) => JSON.stringify(v)))];
    return <Select label="Value" value={JSON.stringify(value)} options={options.map((v) => ({ value: v, label: v }))} onChange={(v) => onChange(JSON.parse(v) as FieldValue)} error={error} />;
  }
  switch (field?.type) {
    case "number":
      return <NumberInput label="Value" value={typeof value === "number" ? value : undefined} optional={false} onChange={(v) => onChange(v ?? 0, true)} error={error} />;
    case "boolean":
      return <Select label="Value" value={String(value === true)} options={[{ value: "true", label: "true" }, { value: "false", label: "false" }]} onChange={(v) => onChange(v === "true")} error={error} />;
    case "null":
      return <Select label="Value" value="null" options={[{ value: "null", label: "null" }]} onChange={() => onChange(null)} error={error} />;
    default:
      return <TextInput label="Value" value={value === null ? "" : String(value)} onChange={(v) => onChange(v, true)} error={error} />;
  }
}
