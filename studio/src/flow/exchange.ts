// Flows as files: what Export writes and what Import accepts (with messages a person can act on).
import { parseFlow, type Flow, type Problem } from "@tandem/shared";

/** The exported document: the flow as JSON, without the server's record id (an import makes a new record). */
export function flowToJson(flow: Flow): string {
  const { id: _id, ...rest } = flow;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

export type ReadResult = { ok: true; flow: Flow } | { ok: false; message: string; problems: Problem[] };

export function readFlowText(text: string): ReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `This is not JSON: ${(e as Error).message}`, problems: [] };
  }
  const parsed = parseFlow(json);
  if (parsed.ok) return { ok: true, flow: parsed.flow };
  // A missing or newer schemaVersion is one clear sentence; shape problems are listed with their paths.
  const version = parsed.problems.find((p) => p.path === "schemaVersion");
  if (version) return { ok: false, message: `This is not a flow this Tandem can open: ${version.message}.`, problems: [] };
  return { ok: false, message: "This JSON is not a valid Tandem flow:", problems: parsed.problems };
}

export function fileNameFor(flow: Pick<Flow, "name">): string {
  const slug = flow.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `${slug || "flow"}.flow.json`;
}
