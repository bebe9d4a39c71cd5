// What an edge's condition needs of the node it leaves: an outcome the node declares, a field
// of its structured reply; and where a text test on a person's own words is fragile.
import { outcomesOf, type FlowEdge, type FlowNode } from "./flow.js";

type Report = (path: string, message: string, ids: { edgeId: string }) => void;

export function edgeProblems(edge: FlowEdge, source: FlowNode, at: string, { err, warn }: { err: Report; warn: Report }): void {
  const when = edge.data.when;
  const ids = { edgeId: edge.id };
  if (!when) return;
  const name = source.type === "start" || source.type === "end" ? source.type : source.data.name;
  if (when.kind === "outcome") {
    const outcomes = outcomesOf(source);
    if (!outcomes.length) err(`${at}.data.when`, `an outcome condition needs outcomes on ${name}; declare them on the node`, ids);
    else if (!outcomes.some((o) => o.name.toLowerCase() === when.value.toLowerCase())) {
      err(`${at}.data.when.value`, `"${when.value}" is not one of ${name}'s outcomes (${outcomes.map((o) => o.name).join(", ")})`, ids);
    }
  }
  if (when.kind === "field") {
    if (source.type !== "agent" || !source.data.outputSchema) {
      err(`${at}.data.when`, `a field condition needs an agent with an output schema as its source; ${name} has none`, ids);
    } else if (!hasField(source.data.outputSchema, when.path)) {
      warn(`${at}.data.when.path`, `"${when.path}" is not a property of ${name}'s output schema`, ids);
    }
  }
  if ((when.kind === "contains" || when.kind === "regex") && source.type === "human" && source.data.allowText) {
    const example = when.kind === "contains" ? ` (also matches "not ${when.value}")` : "";
    warn(
      `${at}.data.when`,
      `${when.kind} "${when.value}" on ${name}'s free text is fragile${example}: people say the same thing in many words; route on outcomes`,
      ids,
    );
  }
}

/** An `on error` edge leaves an agent (a person cannot fail), an `on stuck` edge an agent or a person; both lead to a person. */
export function fallbackEdgeProblems(edge: FlowEdge, kind: "error" | "stuck", source: FlowNode, target: FlowNode, at: string, err: Report): void {
  const ids = { edgeId: edge.id };
  const leaves = kind === "error" ? ["agent"] : ["agent", "human"];
  if (!leaves.includes(source.type)) {
    err(`${at}.source`, `an on ${kind} edge leaves ${kind === "error" ? "an agent" : "an agent or a person"}, not a ${source.type} node`, ids);
  }
  if (target.type !== "human") err(`${at}.target`, `an on ${kind} edge leads to a person (a human node) who decides what to do, not a ${target.type} node`, ids);
}

/** Whether a dotted path names a property the schema declares (through nested objects). */
export function hasField(schema: Record<string, unknown>, path: string): boolean {
  let at: unknown = schema;
  for (const key of path.split(".")) {
    const properties = (at as { properties?: unknown })?.properties;
    if (typeof properties !== "object" || properties === null || !Object.hasOwn(properties, key)) return false;
    at = (properties as Record<string, unknown>)[key];
  }
  return true;
}
