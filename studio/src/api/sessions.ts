// The runs API as the sessions pages use it: the list with every filter and paging, forks,
// export and import. Kept beside api/runs.ts (the live run pages' calls) rather than in it,
// as both were written at the same time; the summary type adds the fields a session shows.
import type { HumanAnswer, RunEvent, RunStatus } from "@tandem/shared";
import { request } from "./client.js";
import type { RunRecord, RunSummary } from "./runs.js";

export interface SessionSummary extends RunSummary {
  /** Set on a fork: the run it was copied from, and the last event it kept. */
  parentRunId: string | null;
  parentSeq: number | null;
  /** Taken in by an import: read-only. */
  imported: boolean;
}

export interface SessionRecord extends RunRecord {
  run: SessionSummary;
}

export interface SessionFilter {
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

const runPath = (id: string) => `/runs/${encodeURIComponent(id)}`;

export const sessionsApi = {
  list: (filter: SessionFilter) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== "") query.set(key, String(value));
    return request<{ runs: SessionSummary[]; total: number }>("GET", `/runs?${query}`);
  },
  get: (id: string) => request<SessionRecord>("GET", runPath(id)),
  fork: (id: string, fork: ForkRequest) => request<{ runId: string }>("POST", `${runPath(id)}/fork`, fork),
  export: (id: string) => request<RunExport>("GET", `${runPath(id)}/export`),
  /** Any parsed JSON: the server says what is wrong with a file that is not an export. */
  import: (document: unknown) => request<{ runId: string }>("POST", "/runs/import", document),
};
