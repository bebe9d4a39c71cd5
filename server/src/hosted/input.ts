// What a hosted page sends, made into the run's input: a flow with an input schema takes the
// form's values (checked, then given to the run as JSON in the schema's order); a flow
// without one takes a message. Problems name the field as the request body has it.
import { inputFields, inputValueProblems, type Flow, type InputField } from "@tandem/shared";

/** The longest message the chat box sends. */
export const MAX_MESSAGE = 20_000;

export type PageInput = { ok: true; input: string } | { ok: false; problems: { path: string; message: string }[] };

/** The page's form fields, or null when the flow asks for a message. */
export function formOf(flow: Flow): InputField[] | null {
  return flow.inputSchema ? inputFields(flow.inputSchema) : null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const refused = (path: string, message: string): PageInput => ({ ok: false, problems: [{ path, message }] });

export function pageInput(flow: Flow, body: unknown): PageInput {
  if (!isObject(body)) return refused("", "expected a JSON object");
  const extra = Object.keys(body).find((k) => k !== "values" && k !== "input");
  if (extra !== undefined) return refused(extra, `unknown field "${extra}"`);
  const schema = flow.inputSchema;
  if (!schema) {
    const text = typeof body.input === "string" ? body.input.trim() : undefined;
    if (!text) return refused("input", "expected the message, as text");
    if (text.length > MAX_MESSAGE) return refused("input", `at most ${MAX_MESSAGE} characters`);
    return { ok: true, input: text };
  }
  if (!isObject(body.values)) return refused("values", "expected the form's values, as an object");
  const problems = inputValueProblems(schema, body.values);
  if (problems.length) return { ok: false, problems: problems.map((p) => ({ path: p.field ? `values.${p.field}` : "values", message: p.message })) };
  const values = body.values;
  const ordered = inputFields(schema).filter((f) => values[f.name] !== undefined && values[f.name] !== "").map((f) => [f.name, values[f.name]]);
  return { ok: true, input: JSON.stringify(Object.fromEntries(ordered)) };
}
