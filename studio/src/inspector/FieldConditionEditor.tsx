// A field condition's parts: which field of the agent's structured reply, how it compares, and
// the value, typed as the schema declares the field (a number box, true/false, an enum's values).
import { FIELD_OPS, type EdgeCondition, type FieldOp } from "@tandem/shared";
import { firstValue, type FieldValue, type SchemaField } from "../flow/schemaFields.js";
import { NumberInput, Select, TextInput } from "./fields.js";

type FieldCondition = Extract<EdgeCondition, { kind: "field" }>;

interface Props {
  when: FieldCondition;
  /** The source agent's schema fields; none when it declares no output schema. */
  fields: readonly SchemaField[];
  /** merge: a keystroke that joins the previous undo step. */
  onChange: (next: FieldCondition, merge?: boolean) => void;
  pathError?: string;
  valueError?: string;
}

/** Only numbers are ordered; other fields are equal or not. */
const opsFor = (field: SchemaField | undefined): readonly FieldOp[] => (!field || field.type === "number" ? FIELD_OPS : ["==", "!="]);

export function FieldConditionEditor({ when, fields, onChange, pathError, valueError }: Props) {
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
          label="Field"
          value={when.path}
          options={[...new Set([...fields.map((f) => f.path), when.path])].map((p) => ({ value: p, label: p || "(choose a field)" }))}
          onChange={setPath}
          error={pathError}
        />
      ) : (
        <TextInput label="Field" value={when.path} mono placeholder="verdict or review.score" onChange={(path) => onChange({ ...when, path }, true)} error={pathError} hint="Give the agent an output schema to pick its fields here." />
      )}
      <div className="field-row">
        <Select label="Operator" value={when.op} options={ops.map((op) => ({ value: op, label: op }))} onChange={(op) => onChange({ ...when, op })} />
        <ValueInput field={field} value={when.value} onChange={(value, merge) => onChange({ ...when, value }, merge)} error={valueError} />
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
