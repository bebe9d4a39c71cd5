// Turning untrusted JSON into a Flow: schema version check, migrations, size limits, then the zod shape.
import { z } from "zod";
import { Flow, FLOW_SCHEMA_VERSION, FlowEdge, FlowNode } from "./flow.js";
import { isRegexEdge, limitProblems } from "./limits.js";
import { formatPath, type Problem } from "./problems.js";
import { upgradeToOutcomes } from "./upgrade.js";

export type ParseResult = { ok: true; flow: Flow } | { ok: false; problems: Problem[] };

/** Upgrades a document of version n to n + 1. Add an entry when the schema changes. */
export const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  1: upgradeToOutcomes,
};

const FlowHead = Flow.omit({ nodes: true, edges: true });
const ELEMENTS = z.array(z.unknown());

function error(path: string, message: string): ParseResult {
  return { ok: false, problems: [{ path, message, severity: "error" }] };
}

/** Elements parsed between two pauses of parseFlowSteps; a regex edge (a pattern to compile) counts as many. */
const SLICE = 100;
const PATTERN_COST = 10;

/**
 * parseFlow in steps: it pauses (yields) between slices of the nodes and edges, so that a
 * server can let other requests run while a big document is checked. Same result as parseFlow.
 */
export function* parseFlowSteps(input: unknown): Generator<void, ParseResult> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return error("", "expected a flow object");
  }
  let doc = input as Record<string, unknown>;
  let version = doc.schemaVersion;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return error("schemaVersion", `expected a schema version number (this Tandem writes ${FLOW_SCHEMA_VERSION})`);
  }
  if (version > FLOW_SCHEMA_VERSION) {
    return error(
      "schemaVersion",
      `flow uses schema version ${version}, newer than this Tandem supports (${FLOW_SCHEMA_VERSION}); upgrade Tandem to open it`,
    );
  }
  while (version < FLOW_SCHEMA_VERSION) {
    const migrate = migrations[version];
    if (!migrate) return error("schemaVersion", `no migration from schema version ${version}`);
    doc = { ...migrate(doc), schemaVersion: version + 1 };
    version++;
  }
  const over = limitProblems(doc);
  if (over.length) return { ok: false, problems: over };

  // The same checks as Flow.safeParse(doc), element by element (the head, then each node and edge).
  const issues: { path: PropertyKey[]; message: string }[] = [];
  const check = <T>(schema: z.ZodType<T>, value: unknown, at: PropertyKey[]): T | undefined => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) issues.push({ path: [...at, ...issue.path], message: issue.message });
    return undefined;
  };
  const head = check(FlowHead, doc, []);
  const lists = { nodes: [] as FlowNode[], edges: [] as FlowEdge[] };
  let spent = 0;
  for (const [key, schema] of [["nodes", FlowNode], ["edges", FlowEdge]] as const) {
    const list = check(ELEMENTS, doc[key], [key]);
    for (let i = 0; list && i < list.length; i++) {
      const element = check<FlowNode | FlowEdge>(schema, list[i], [key, i]);
      if (element) (lists[key] as (FlowNode | FlowEdge)[]).push(element);
      spent += isRegexEdge(list[i]) ? PATTERN_COST : 1;
      if (spent >= SLICE) {
        spent = 0;
        yield;
      }
    }
  }
  if (issues.length) {
    return { ok: false, problems: issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message, severity: "error" as const })) };
  }
  return { ok: true, flow: { ...head!, ...lists } };
}

export function parseFlow(input: unknown): ParseResult {
  const steps = parseFlowSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
