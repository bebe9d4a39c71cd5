// An agent's output schema as the inspector's form edits it: a flat object of named fields,
// each a string (with allowed values), number, integer or boolean. Pure edits; a schema the form
// cannot show (nested objects, lists) is edited in the JSON view instead.
import type { OutputSchema } from "@tandem/shared";
import { uniqueId } from "./ids.js";

export const FIELD_TYPES = ["string", "number", "integer", "boolean"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface SchemaField {
  name: string;
  type: FieldType;
  /** Allowed values (strings only); empty: any. */
  values: string[];
  required: boolean;
  description: string;
}

/** What a new output schema starts as: an object with no fields yet. */
export const EMPTY_SCHEMA: OutputSchema = { type: "object", properties: {}, required: [], additionalProperties: false };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const propsOf = (schema: OutputSchema) => (isObject(schema.properties) ? (schema.properties as Record<string, OutputSchema>) : {});
const requiredOf = (schema: OutputSchema) => (Array.isArray(schema.required) ? (schema.required as unknown[]) : []);

/** The schema's fields as form rows, or why the form cannot show it. */
export function formFields(schema: OutputSchema): { fields: SchemaField[] } | { reason: string } {
  if (schema.type !== "object") return { reason: "the reply is not an object of fields" };
  const fields: SchemaField[] = [];
  for (const [name, prop] of Object.entries(propsOf(schema))) {
    const type = isObject(prop) ? prop.type : undefined;
    if (!FIELD_TYPES.includes(type as FieldType)) return { reason: `"${name}" is not a string, number, integer or boolean` };
    const values = prop.enum;
    if (values !== undefined && (type !== "string" || !Array.isArray(values) || !values.every((v) => typeof v === "string"))) {
      return { reason: `"${name}" has allowed values the form cannot show` };
    }
    fields.push({
      name,
      type: type as FieldType,
      values: (values as string[] | undefined) ?? [],
      required: requiredOf(schema).includes(name),
      description: typeof prop.description === "string" ? prop.description : "",
    });
  }
  return { fields };
}

function propertyOf(field: SchemaField, before: OutputSchema | undefined): OutputSchema {
  // Keywords the form does not show (minimum, maxLength…) are kept while the type stays.
  const { enum: _enum, description: _description, ...kept } = before && before.type === field.type ? before : {};
  return {
    ...kept,
    type: field.type,
    ...(field.type === "string" && field.values.length ? { enum: field.values } : {}),
    ...(field.description ? { description: field.description } : {}),
  };
}

/** The schema with its fields replaced by `fields`; `renamedFrom[i]` is the name row i had before. */
function withFields(schema: OutputSchema, fields: SchemaField[], renamedFrom: (string | undefined)[]): OutputSchema {
  const props = propsOf(schema);
  return {
    ...schema,
    properties: Object.fromEntries(fields.map((f, i) => [f.name, propertyOf(f, renamedFrom[i] === undefined ? undefined : props[renamedFrom[i]!])])),
    required: fields.filter((f) => f.required).map((f) => f.name),
  };
}

/** Changes row `index`; a new name that is empty or taken by another row is refused (the schema comes back unchanged). */
export function setField(schema: OutputSchema, fields: SchemaField[], index: number, field: SchemaField): OutputSchema {
  if (!field.name || fields.some((f, i) => i !== index && f.name === field.name)) return schema;
  return withFields(schema, fields.map((f, i) => (i === index ? field : f)), fields.map((f) => f.name));
}

export function addField(schema: OutputSchema, fields: SchemaField[]): OutputSchema {
  const name = uniqueId("field", new Set(fields.map((f) => f.name)));
  const field: SchemaField = { name, type: "string", values: [], required: true, description: "" };
  return withFields(schema, [...fields, field], [...fields.map((f) => f.name), undefined]);
}

export function removeField(schema: OutputSchema, fields: SchemaField[], index: number): OutputSchema {
  const kept = fields.filter((_, i) => i !== index);
  return withFields(schema, kept, kept.map((f) => f.name));
}
