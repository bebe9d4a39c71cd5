// The part of JSON Schema an agent's structured output may use, and the one validator that
// checks a reply against it (the server before routing, the studio when it shows a reply).
// A small subset on purpose: what model providers' structured output supports, nothing more.

export type OutputSchema = Record<string, unknown>;

const TYPES = ["object", "array", "string", "number", "integer", "boolean", "null"] as const;
const KEYWORDS = new Set([
  "type", "properties", "required", "additionalProperties", "items", "enum",
  "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "description", "title",
]);

export interface SchemaProblem {
  /** Where in the schema, dotted ("properties.score.minimum"); "" for the schema itself. */
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** What is wrong with a schema, so that a flow cannot declare one the validator would misread. */
export function schemaProblems(schema: unknown, path = "", depth = 0): SchemaProblem[] {
  if (!isObject(schema)) return [{ path, message: "expected a JSON Schema object" }];
  if (depth > 16) return [{ path, message: "nested too deeply (at most 16 levels)" }];
  const problems: SchemaProblem[] = [];
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS.has(key)) problems.push({ path: join(path, key), message: `"${key}" is not supported (use ${[...KEYWORDS].join(", ")})` });
  }
  const type = schema.type;
  if (type === undefined && schema.enum === undefined) problems.push({ path: join(path, "type"), message: "expected a type or an enum" });
  if (type !== undefined && !TYPES.includes(type as (typeof TYPES)[number])) {
    problems.push({ path: join(path, "type"), message: `expected one of ${TYPES.join(", ")}` });
  }
  if (schema.enum !== undefined && (!Array.isArray(schema.enum) || schema.enum.length === 0)) {
    problems.push({ path: join(path, "enum"), message: "expected a non-empty list of values" });
  }
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties)) problems.push({ path: join(path, "properties"), message: "expected an object of property schemas" });
    else {
      for (const [name, sub] of Object.entries(schema.properties)) problems.push(...schemaProblems(sub, join(path, `properties.${name}`), depth + 1));
    }
  }
  if (schema.required !== undefined) {
    const props = isObject(schema.properties) ? schema.properties : {};
    if (!Array.isArray(schema.required) || !schema.required.every((r) => typeof r === "string")) {
      problems.push({ path: join(path, "required"), message: "expected a list of property names" });
    } else {
      for (const r of schema.required) if (!Object.hasOwn(props, r)) problems.push({ path: join(path, "required"), message: `"${r}" is required but not a property` });
    }
  }
  if (schema.items !== undefined) problems.push(...schemaProblems(schema.items, join(path, "items"), depth + 1));
  for (const key of ["minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"]) {
    if (schema[key] !== undefined && typeof schema[key] !== "number") problems.push({ path: join(path, key), message: "expected a number" });
  }
  if (schema.additionalProperties !== undefined && typeof schema.additionalProperties !== "boolean") {
    problems.push({ path: join(path, "additionalProperties"), message: "expected true or false" });
  }
  return problems;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Why `value` does not fit `schema` ("verdict: expected one of \"pass\", \"fail\""); empty when it fits. */
export function valueProblems(schema: OutputSchema, value: unknown, path = ""): string[] {
  const at = path || "the reply";
  const problems: string[] = [];
  const type = schema.type as string | undefined;
  const actual = typeOf(value);
  if (type !== undefined && actual !== type && !(type === "number" && actual === "integer")) {
    return [`${at}: expected ${type === "array" || type === "object" || type === "integer" ? `an ${type}` : `a ${type}`}, got ${actual}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((v) => JSON.stringify(v) === JSON.stringify(value))) {
    problems.push(`${at}: expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) problems.push(`${at}: expected at least ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) problems.push(`${at}: expected at most ${schema.maximum}`);
  }
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) problems.push(`${at}: expected at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) problems.push(`${at}: expected at most ${schema.maxLength} characters`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) problems.push(`${at}: expected at least ${schema.minItems} items`);
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) problems.push(`${at}: expected at most ${schema.maxItems} items`);
    if (isObject(schema.items)) value.forEach((item, i) => problems.push(...valueProblems(schema.items as OutputSchema, item, join(path, String(i)))));
  }
  if (isObject(value)) {
    const props = isObject(schema.properties) ? schema.properties : {};
    for (const r of Array.isArray(schema.required) ? schema.required : []) {
      if (!Object.hasOwn(value, r)) problems.push(`${join(path, String(r))}: required`);
    }
    for (const [key, v] of Object.entries(value)) {
      const sub = Object.hasOwn(props, key) ? props[key] : undefined;
      if (isObject(sub)) problems.push(...valueProblems(sub, v, join(path, key)));
      else if (schema.additionalProperties === false) problems.push(`${join(path, key)}: not a property of the schema`);
    }
  }
  return problems;
}

/** Parses a structured reply and checks it: the value, or why it does not fit. */
export function readStructured(schema: OutputSchema, text: string): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: ["the reply is not JSON"] };
  }
  const problems = valueProblems(schema, value);
  return problems.length ? { ok: false, problems } : { ok: true, value };
}
