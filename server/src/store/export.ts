// A run as one JSON document: its events (which hold the flow snapshot) and nothing secret.
import { EXPORT_FORMAT, EXPORT_VERSION, type RunExport } from "@tandem/shared";
import type { EventStore } from "./types.js";

export async function exportRun(store: EventStore, runId: string): Promise<RunExport> {
  const row = await store.run(runId);
  if (!row) throw new Error(`unknown run "${runId}"`);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    run: { id: row.id, flowName: row.flowName, status: row.status, input: row.input, startedAt: row.startedAt, finishedAt: row.finishedAt },
    events: await store.events(runId),
  };
}
