// The event store: where runs and their events live. One contract, three backends (memory,
// SQLite, Postgres) held to it by one conformance suite; every call is async, as a database
// across the network is.
import type { AuditAction, RunEvent, RunList, RunStatus, RunSummary } from "@tandem/shared";

/** The columns of a run that change as it goes, kept current with each append. */
export interface RunProgress {
  status: RunStatus;
  waitingNode: string | null;
  steps: number;
  tokens: number;
  costUsd: number;
  lastSeq: number;
  /** A fork's is when it was made, not its parent's start (which its first event keeps). */
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface RunFilter {
  flowId?: string;
  /** Runs a deployment started. */
  deployment?: string;
  status?: RunStatus;
  /** Matches the input or any message of the run. */
  text?: string;
  limit?: number;
  offset?: number;
}

/** One audit entry of a run, indexed when its event is appended: the audit reads these, not every run's log. */
export interface AuditRow {
  runId: string;
  seq: number;
  at: number;
  action: AuditAction;
}

export interface AuditRowFilter {
  /** The actor's user id, or their name (any case). */
  person?: string;
  /** Only these users' entries (a role's holders). */
  userIds?: readonly string[];
  flowId?: string;
  actions?: readonly AuditAction[];
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

export interface EventStore {
  /**
   * Appends events (in seq order, continuing the run's log) and updates the run's summary,
   * in one transaction. A batch holding `run.started` creates the run. Throws, storing none of
   * it, unless it continues the log (a seq taken, a gap, no such run): two writers never both succeed.
   */
  append(runId: string, events: readonly RunEvent[], progress: RunProgress, meta?: { imported?: boolean }): Promise<void>;
  /** Runs fn in one transaction: appends inside it commit together (a group commit). */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  /** The run's events with seq > afterSeq, in order. */
  events(runId: string, afterSeq?: number): Promise<RunEvent[]>;
  run(runId: string): Promise<RunSummary | undefined>;
  listRuns(filter?: RunFilter): Promise<RunList>;
  /** Ids of runs that have not finished, in the order they started (to continue after a restart); imported runs are read-only. */
  unfinishedRuns(): Promise<string[]>;
  /** Notes that the run cannot be read, and why: it is listed as damaged from then on. */
  markDamaged(runId: string, reason: string): Promise<void>;
  /** Audit rows matching the filter, the newest first, and how many match in all. */
  auditRows(filter: AuditRowFilter): Promise<{ rows: AuditRow[]; total: number }>;
  /** Every user id that appears in the audit rows, in order (for the role filter). */
  auditUserIds(): Promise<string[]>;
  /** Removes the run and its events; false if there was none. */
  deleteRun(runId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** An append whose first seq another writer stored first: this writer's copy of the run is behind the store. */
export class SeqTakenError extends Error {
  constructor(
    readonly runId: string,
    seq: number,
  ) {
    super(`run ${runId}: seq ${seq} does not continue its log (another writer stored it first or has claimed the run, or there is no such run)`);
    this.name = "SeqTakenError";
  }
}
