// A flow's declared input: named fields (text, numbers, yes/no, a choice) that a form asks for,
// such as the hosted page's. The same checks serve the studio (the schema) and the server (the
// values a form sent); the run gets the values as JSON text.
import { schemaProblems, valueProblems, type OutputSchema, type SchemaProblem } from "./output-schema.js";

export const INPUT_FIELD_TYPES = ["string", "number", "integer", "boolean"] as const;
export type InputFieldType = (typeof INPUT_FIELD_TYPES)[number];

/** One field of the form, in the order the schema declares it. */
export interface InputField {
  name: string;
  /** The schema's title, else the name in words ("due_date" → "Due date"). */
  label: string;
  type: InputFieldType;
  /** The choices of an enum (a select); absent: any value of the type. */
  choices?: string[];
  required: boolean;
  description?: string;
}

/** Where a value is wrong: the field's name ("" for the values as a whole) and why. */
export interface InputProblem {
  field: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const propsOf = (schema: OutputSchema) => (isObject(schema.properties) ? schema.properties : {});
const requiredOf = (schema: OutputSchema) => (Array.isArray(schema.required) ? (schema.required as unknown[]) : []);
const isChoices = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string");

/** What keeps a schema from being a form: it must be an object of flat fields. */
export function inputSchemaProblems(schema: unknown): SchemaProblem[] {
  const general = schemaProblems(schema);
  if (general.length) return general;
  const s = schema as OutputSchema;
  if (s.type !== "object") return [{ path: "type", message: 'expected "object": the input is a set of named fields' }];
  const problems: SchemaProblem[] = [];
  for (const [name, prop] of Object.entries(propsOf(s))) {
    const at = `properties.${name}`;
    const p = prop as OutputSchema;
    if (p.enum !== undefined) {
      if (!isChoices(p.enum)) problems.push({ path: `${at}.enum`, message: "expected a list of texts to choose from" });
      else if (p.type !== undefined && p.type !== "string") problems.push({ path: `${at}.type`, message: 'a field with choices is of type "string"' });
    } else if (!INPUT_FIELD_TYPES.includes(p.type as InputFieldType)) {
      problems.push({ path: `${at}.type`, message: `expected one of ${INPUT_FIELD_TYPES.join(", ")} (a form field)` });
    }
  }
  return problems;
}

const words = (name: string) => {
  const text = name.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").trim().toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** The form's fields, for a schema without inputSchemaProblems. */
export function inputFields(schema: OutputSchema): InputField[] {
  const required = requiredOf(schema);
  return Object.entries(propsOf(schema)).map(([name, prop]) => {
    const p = prop as OutputSchema;
    return {
      name,
      label: typeof p.title === "string" && p.title.trim() ? p.title : words(name),
      type: (p.type as InputFieldType | undefined) ?? "string",
      ...(isChoices(p.enum) ? { choices: p.enum } : {}),
      required: required.includes(name),
      ...(typeof p.description === "string" && p.description ? { description: p.description } : {}),
    };
  });
}

/** Why `values` do not fill the form: a required field left out or empty, a field it lacks, a value of the wrong type. */
export function inputValueProblems(schema: OutputSchema, values: unknown): InputProblem[] {
  if (!isObject(values)) return [{ field: "", message: "expected an object of field values" }];
  const props = propsOf(schema);
  const problems: InputProblem[] = [];
  for (const name of requiredOf(schema)) {
    const v = values[name as string];
    if (v === undefined || v === null || v === "") problems.push({ field: String(name), message: "required" });
  }
  for (const [name, v] of Object.entries(values)) {
    if (!Object.hasOwn(props, name)) {
      problems.push({ field: name, message: "not a field of this form" });
      continue;
    }
    if (v === undefined || v === null || v === "") continue;
    for (const p of valueProblems(props[name] as OutputSchema, v, name)) problems.push({ field: name, message: p.slice(name.length + 2) });
  }
  return problems;
}
