// The runs API (/api/runs, POST /api/flows/:id/runs: live runs, sessions, forks, export and
// import, answers and tool approvals), the questions people are asked now (/api/tasks) and the
// server's model status.
// The live event stream is an EventSource opened here too, so every URL stays in api/.
import type {
  AnswerAccepted,
  AnswerRequest,
  ApprovalAccepted,
  ApprovalRequest,
  BudgetAnswerRequest,
  ControlAction,
  ControlResult,
  ForkRequest,
  Health,
  RunCreated,
  RunExport,
  RunList,
  RunListQuery,
  RunRecord,
  StartRunRequest,
  TaskList,
} from "@tandem/shared";
import { request } from "./client.js";

const runPath = (id: string) => `/runs/${encodeURIComponent(id)}`;

export const runsApi = {
  /** `offline`: no model provider is configured, so the scripted model answers. */
  health: () => request<Health>("GET", "/health"),
  /** Runs the latest saved version of a flow. */
  start: (flowId: string, input: string, options: Omit<StartRunRequest, "input">) =>
    request<RunCreated>("POST", `/flows/${encodeURIComponent(flowId)}/runs`, { input, ...options }),
  get: (id: string) => request<RunRecord>("GET", runPath(id)),
  list: (filter: RunListQuery) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== "") query.set(key, String(value));
    return request<RunList>("GET", `/runs?${query}`);
  },
  fork: (id: string, fork: ForkRequest) => request<RunCreated>("POST", `${runPath(id)}/fork`, fork),
  export: (id: string) => request<RunExport>("GET", `${runPath(id)}/export`),
  /** Any parsed JSON: the server says what is wrong with a file that is not an export. */
  import: (document: unknown) => request<RunCreated>("POST", "/runs/import", document),
  /** `key` makes a retry of the same answer safe (the server answers it once). */
  answer: (id: string, requestId: string, answer: AnswerRequest, key: string) =>
    request<AnswerAccepted>("POST", `${runPath(id)}/human/${encodeURIComponent(requestId)}`, answer, { "idempotency-key": key }),
  /** A decision on a tool call waiting for approval; `key` makes a retry of it safe, like an answer's. */
  decide: (id: string, requestId: string, decision: ApprovalRequest, key: string) =>
    request<ApprovalAccepted>("POST", `${runPath(id)}/approvals/${encodeURIComponent(requestId)}`, decision, { "idempotency-key": key }),
  /** A decision on a run at its budget (raise it, or stop the run); `key` makes a retry of it safe. */
  decideBudget: (id: string, requestId: string, decision: BudgetAnswerRequest, key: string) =>
    request<ApprovalAccepted>("POST", `${runPath(id)}/budget/${encodeURIComponent(requestId)}`, decision, { "idempotency-key": key }),
  control: (id: string, action: ControlAction) => request<ControlResult>("POST", `${runPath(id)}/control`, { action }),
  /** Questions people are asked now, the soonest due first, then the longest waiting. */
  tasks: (limit: number) => request<TaskList>("GET", `/tasks?limit=${limit}`),
  /** The events after `after`, then live ones; EventSource reconnects with Last-Event-ID by itself. */
  events: (id: string, after: number) => new EventSource(`/api${runPath(id)}/events?after=${after}`),
};
