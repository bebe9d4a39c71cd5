// Comparing a value found at a path: edge conditions on structured replies and approval conditions on tool arguments.
export const FIELD_OPS = ["==", "!=", ">", ">=", "<", "<="] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

/** The value at a dotted path of a JSON value (own keys only); undefined when absent. */
export function valueAt(value: unknown, path: string): unknown {
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Equality for any JSON value (strings without case, as outcomes); order only between two numbers or two strings. */
export function compareField(actual: unknown, op: FieldOp, expected: string | number | boolean | null): boolean {
  if (actual === undefined) return false;
  const same = typeof actual === "string" && typeof expected === "string" ? actual.toLowerCase() === expected.toLowerCase() : actual === expected;
  if (op === "==") return same;
  if (op === "!=") return !same;
  const comparable = (typeof actual === "number" && typeof expected === "number") || (typeof actual === "string" && typeof expected === "string");
  if (!comparable) return false;
  const a = actual as number | string;
  const b = expected as number | string;
  return op === ">" ? a > b : op === ">=" ? a >= b : op === "<" ? a < b : a <= b;
}
