// The runs API (/api/runs, POST /api/flows/:id/runs: live runs, sessions, forks, export and
// import), the questions people are asked now (/api/tasks) and the server's model status.
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
  /** Set on a fork: the run it was copied from, and the last event it kept. */
  parentRunId: string | null;
  parentSeq: number | null;
  /** Taken in by an import: read-only. */
  imported: boolean;
  /** Why the run cannot be read (its stored events do not fold into a run), or null. */
  damaged: string | null;
}

export interface RunRecord {
  run: RunSummary;
  state: RunState;
  events: RunEvent[];
}

/** A question a person is asked now, in some run (GET /api/tasks). */
export interface Task {
  runId: string;
  flowId: string | null;
  flowName: string;
  input: string;
  nodeId: string;
  nodeName: string;
  requestId: string;
  instructions: string;
  choices: string[];
  allowText: boolean;
  allowEdit: boolean;
  askedAt: number;
  deadline?: number;
  defaultChoice?: string;
}

export interface StartOptions {
  stepMode?: boolean;
  breakpoints?: string[];
}

export interface RunFilter {
  flow?: string;
  status?: RunStatus;
  /** Words said in the run (its input, messages, people's replies and edits). */
  text?: string;
  limit?: number;
  offset?: number;
}

export interface ForkRequest {
  /** The last event the fork keeps. */
  at: number;
  answer?: HumanAnswer;
  edits?: { seq: number; content: string }[];
  nodes?: Record<string, { systemMessage?: string; model?: string; temperature?: number }>;
}

export interface RunExport {
  format: "tandem.run";
  version: 1;
  exportedAt: string;
  run: { id: string; flowName: string; status: string; input: string; startedAt: number; finishedAt: number | null };
  events: RunEvent[];
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
  list: (filter: RunFilter) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== "") query.set(key, String(value));
    return request<{ runs: RunSummary[]; total: number }>("GET", `/runs?${query}`);
  },
  fork: (id: string, fork: ForkRequest) => request<{ runId: string }>("POST", `${runPath(id)}/fork`, fork),
  export: (id: string) => request<RunExport>("GET", `${runPath(id)}/export`),
  /** Any parsed JSON: the server says what is wrong with a file that is not an export. */
  import: (document: unknown) => request<{ runId: string }>("POST", "/runs/import", document),
  /** `key` makes a retry of the same answer safe (the server answers it once). */
  answer: (id: string, requestId: string, answer: HumanAnswer & { by?: string }, key: string) =>
    request<{ accepted: true }>("POST", `${runPath(id)}/human/${encodeURIComponent(requestId)}`, answer, { "idempotency-key": key }),
  control: (id: string, action: ControlAction) => request<{ ok: true; status: RunStatus }>("POST", `${runPath(id)}/control`, { action }),
  /** Questions people are asked now, the soonest due first, then the longest waiting. */
  tasks: (limit: number) => request<{ tasks: Task[]; total: number }>("GET", `/tasks?limit=${limit}`),
  /** The events after `after`, then live ones; EventSource reconnects with Last-Event-ID by itself. */
  events: (id: string, after: number) => new EventSource(`/api${runPath(id)}/events?after=${after}`),
};
