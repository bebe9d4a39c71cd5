// A tool call's arguments for a person: formatted JSON, a row per argument with the schema's
// description, and a person's edit read and checked against the schema (problems name the field).
import { valueProblems } from "@tandem/shared";

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function formatJson(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}

export interface ArgumentRow {
  name: string;
  /** A string as it is, anything else as compact JSON. */
  value: string;
  description?: string;
}

/** One row per argument (an object's fields in the order given), with the schema's description. */
export function argumentRows(args: unknown, schema: Schema | undefined): ArgumentRow[] {
  if (!isObject(args)) return [];
  const props = isObject(schema?.properties) ? schema.properties : {};
  return Object.entries(args).map(([name, v]) => {
    const sub = Object.hasOwn(props, name) ? props[name] : undefined;
    const description = isObject(sub) && typeof sub.description === "string" && sub.description.trim() ? sub.description : undefined;
    return { name, value: typeof v === "string" ? v : JSON.stringify(v), ...(description && { description }) };
  });
}

export type ReadArguments = { ok: true; value: unknown } | { ok: false; problems: string[] };

/** A person's edit: JSON that fits the tool's schema, or why not ("amount: expected a number"). */
export function readArguments(text: string, schema: Schema | undefined): ReadArguments {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`the arguments are not JSON: ${(e as Error).message}`] };
  }
  // The arguments are always an object; the shared validator would call the root "the reply".
  if (!isObject(value)) return { ok: false, problems: ["the arguments: expected an object"] };
  const problems = schema ? valueProblems(schema, value) : [];
  return problems.length ? { ok: false, problems } : { ok: true, value };
}
