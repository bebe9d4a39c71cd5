// Taking back an exported run: checked, given a new id (so it never clashes with a run of
// this store) and kept read-only (it is never continued).
import { randomUUID } from "node:crypto";
import { EXPORT_FORMAT, EXPORT_VERSION, fold, parseFlow, RUN_EVENT_TYPES, type RunEvent } from "@tandem/shared";
import { progressOf } from "./progress.js";
import type { EventStore } from "./types.js";

export type ImportResult = { ok: true; runId: string } | { ok: false; message: string; path?: string };

const KNOWN = new Set<string>(RUN_EVENT_TYPES);

export async function importRun(store: EventStore, doc: unknown, newId: () => string = randomUUID): Promise<ImportResult> {
  const d = doc as { format?: unknown; version?: unknown; events?: unknown };
  if (typeof doc !== "object" || doc === null || d.format !== EXPORT_FORMAT) {
    return { ok: false, path: "format", message: `not a Tandem run export (expected format "${EXPORT_FORMAT}")` };
  }
  if (d.version !== EXPORT_VERSION) return { ok: false, path: "version", message: `unsupported export version ${String(d.version)}` };
  if (!Array.isArray(d.events) || d.events.length === 0) return { ok: false, path: "events", message: "expected a non-empty list of events" };
  const events = d.events as RunEvent[];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (typeof e !== "object" || e === null || !KNOWN.has(e.type)) return { ok: false, path: `events[${i}].type`, message: "unknown event type" };
    if (e.seq !== i + 1) return { ok: false, path: `events[${i}].seq`, message: `expected seq ${i + 1}` };
    if (typeof e.at !== "number") return { ok: false, path: `events[${i}].at`, message: "expected a time in ms" };
  }
  const first = events[0]!;
  if (first.type !== "run.started") return { ok: false, path: "events[0].type", message: "the first event must be run.started" };
  const flow = parseFlow(first.flow);
  if (!flow.ok) return { ok: false, path: `events[0].flow.${flow.problems[0]!.path}`, message: flow.problems[0]!.message };
  const runId = newId();
  const copy = events.map((e) => (e.type === "run.started" ? { ...e, runId } : e));
  let state;
  try {
    state = fold(copy);
  } catch (e) {
    return { ok: false, path: "events", message: `the events do not fold into a run: ${(e as Error).message}` };
  }
  await store.append(runId, copy, progressOf(state), { imported: true });
  return { ok: true, runId };
}
