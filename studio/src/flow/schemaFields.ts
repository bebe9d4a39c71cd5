// The fields an edge can route on: every leaf property of an agent's output schema, by dotted
// path, with its type and allowed values, so the edge inspector offers a path and a typed value.
import type { EdgeCondition, OutputSchema } from "@tandem/shared";

export type FieldValue = Extract<EdgeCondition, { kind: "field" }>["value"];

export type FieldType = "string" | "number" | "boolean" | "null" | "other";

export interface SchemaField {
  path: string;
  type: FieldType;
  /** The values an enum allows, when it declares them. */
  values?: readonly FieldValue[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function typeOf(schema: Record<string, unknown>): FieldType {
  const type = schema.type ?? (Array.isArray(schema.enum) ? typeof schema.enum[0] : undefined);
  if (type === "integer" || type === "number") return "number";
  if (type === "string" || type === "boolean" || type === "null") return type;
  return "other";
}

/** Leaf properties first to last as the schema declares them; nested objects give "review.score". */
export function schemaFields(schema: OutputSchema | undefined, prefix = ""): SchemaField[] {
  if (!schema || !isObject(schema.properties)) return [];
  return Object.entries(schema.properties).flatMap(([key, sub]): SchemaField[] => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!isObject(sub)) return [{ path, type: "other" }];
    if (isObject(sub.properties)) return schemaFields(sub, path);
    const values = Array.isArray(sub.enum) ? (sub.enum as SchemaField["values"]) : undefined;
    return [{ path, type: typeOf(sub), ...(values ? { values } : {}) }];
  });
}

/** The value a condition on `field` starts with: the first it allows, or an empty one of its type. */
export function firstValue(field: SchemaField | undefined): FieldValue {
  if (field?.values?.length) return field.values[0]!;
  return field?.type === "number" ? 0 : field?.type === "boolean" ? true : field?.type === "null" ? null : "";
}
