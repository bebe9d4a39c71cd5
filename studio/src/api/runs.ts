// The runs API (/api/runs, POST /api/flows/:id/runs) and the server's model status.
// The live event stream is an EventSource opened here too, so every URL stays in api/.
import type { HumanAnswer, RunEvent, RunState, RunStatus } from "@tandem/shared";
import { request } from "./client.js";

export interface RunSummary {
  id: string;
  flowId: string | null;
  flowVersion: number | null;
  flowName: string;
  input: string;
  status: RunStatus;
  /** The human node the run waits for. */
  waitingNode: string | null;
  steps: number;
  tokens: number;
  lastSeq: number;
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface RunRecord {
  run: RunSummary;
  state: RunState;
  events: RunEvent[];
}

export interface StartOptions {
  stepMode?: boolean;
  breakpoints?: string[];
}

export type ControlAction = "pause" | "step" | "continue" | "cancel";

const runPath = (id: string) => `/runs/${encodeURIComponent(id)}`;

export const runsApi = {
  /** `offline`: no model provider is configured, so the scripted model answers. */
  health: () => request<{ ok: boolean; offline: boolean }>("GET", "/health"),
  /** Runs the latest saved version of a flow. */
  start: (flowId: string, input: string, options: StartOptions) =>
    request<{ runId: string }>("POST", `/flows/${encodeURIComponent(flowId)}/runs`, { input, ...options }),
  get: (id: string) => request<RunRecord>("GET", runPath(id)),
  list: (filter: { status?: RunStatus; limit?: number }) => {
    const query = new URLSearchParams();
    if (filter.status) query.set("status", filter.status);
    if (filter.limit) query.set("limit", String(filter.limit));
    return request<{ runs: RunSummary[]; total: number }>("GET", `/runs?${query}`);
  },
  /** `key` makes a retry of the same answer safe (the server answers it once). */
  answer: (id: string, requestId: string, answer: HumanAnswer & { by?: string }, key: string) =>
    request<{ accepted: true }>("POST", `${runPath(id)}/human/${encodeURIComponent(requestId)}`, answer, { "idempotency-key": key }),
  control: (id: string, action: ControlAction) => request<{ ok: true; status: RunStatus }>("POST", `${runPath(id)}/control`, { action }),
  /** The events after `after`, then live ones; EventSource reconnects with Last-Event-ID by itself. */
  events: (id: string, after: number) => new EventSource(`/api${runPath(id)}/events?after=${after}`),
};
