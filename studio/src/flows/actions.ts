// What the flows page does with saved flows, through the API client.
import type { Flow, FlowRecord } from "@tandem/shared";
import { api } from "../api/client.js";
import { fileNameFor, flowToJson, readFlowText, type ReadResult } from "../flow/exchange.js";
import { personName } from "../run/person.js";
import { downloadText } from "../ui/download.js";

/** A flow document without the record id of the flow it came from. */
function asNew(flow: Flow, name = flow.name): Flow {
  const { id: _id, ...rest } = flow;
  return { ...rest, name };
}

/** Version 1 of a new flow, saved as this browser's person (on a server without accounts). */
const create = (flow: Flow) => api.createFlow(flow, personName());

export function createFrom(flow: Flow): Promise<FlowRecord> {
  return create(asNew(flow));
}

export async function duplicateFlow(id: string): Promise<FlowRecord> {
  const { flow } = await api.getFlow(id);
  return create(asNew(flow, `${flow.name} (copy)`));
}

export async function renameFlow(id: string, name: string): Promise<FlowRecord> {
  const { flow, version } = await api.getFlow(id);
  return api.saveFlow(id, { ...flow, name }, version, { message: `Renamed to ${name}`, by: personName() });
}

export async function exportFlow(id: string) {
  const { flow } = await api.getFlow(id);
  downloadText(fileNameFor(flow), flowToJson(flow));
}

/** Reads an imported file; on any problem nothing is saved. */
export async function importFile(file: File): Promise<ReadResult & { record?: FlowRecord }> {
  const read = readFlowText(await file.text());
  if (!read.ok) return read;
  return { ...read, record: await create(asNew(read.flow)) };
}
