// A run as one JSON document: its events (which hold the flow snapshot) and nothing secret.
import type { RunEvent } from "@tandem/shared";
import type { EventStore } from "./types.js";

export const EXPORT_FORMAT = "tandem.run";
export const EXPORT_VERSION = 1;

export interface RunExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  run: { id: string; flowName: string; status: string; input: string; startedAt: number; finishedAt: number | null };
  events: RunEvent[];
}

export function exportRun(store: EventStore, runId: string): RunExport {
  const row = store.run(runId);
  if (!row) throw new Error(`unknown run "${runId}"`);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    run: { id: row.id, flowName: row.flowName, status: row.status, input: row.input, startedAt: row.startedAt, finishedAt: row.finishedAt },
    events: store.events(runId),
  };
}
