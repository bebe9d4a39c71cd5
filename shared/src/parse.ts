// Turning untrusted JSON into a Flow: schema version check, migrations, then the zod shape.
import { Flow, FLOW_SCHEMA_VERSION } from "./flow.js";
import { formatPath, type Problem } from "./problems.js";

export type ParseResult = { ok: true; flow: Flow } | { ok: false; problems: Problem[] };

/** Upgrades a document of version n to n + 1. Add an entry when the schema changes. */
export const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

function error(path: string, message: string): ParseResult {
  return { ok: false, problems: [{ path, message, severity: "error" }] };
}

export function parseFlow(input: unknown): ParseResult {
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
  const parsed = Flow.safeParse(doc);
  if (parsed.success) return { ok: true, flow: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
      severity: "error" as const,
    })),
  };
}
