// Flows and their versions in SQLite. Every save is a new version row, so a run can always
// name the exact flow it ran and the studio can show or restore any earlier version.
import { randomUUID } from "node:crypto";
import { FLOW_SCHEMA_VERSION, hasErrors, parseFlow, validateFlow, type Flow, type FlowRecord, type FlowSummary, type FlowVersionInfo, type RunStatus, type SavedBy } from "@tandem/shared";
import type { Db } from "./db.js";

/** A save that named the version it was based on, which is no longer the latest. */
export class VersionConflictError extends Error {
  constructor(readonly latest: number, readonly base: number) {
    super(`flow was saved elsewhere: it is at version ${latest}, this edit is based on version ${base}`);
    this.name = "VersionConflictError";
  }
}

/** Who saves a version and why, kept with it for the flow's history. */
export interface VersionNote {
  by?: SavedBy;
  message?: string;
}

export interface FlowStore {
  /** Newest first (by last save). */
  list(): FlowSummary[];
  create(flow: Flow, note?: VersionNote): FlowRecord;
  /** The latest version, or the given one; undefined if either does not exist. */
  get(id: string, version?: number): FlowRecord | undefined;
  /**
   * Stores `flow` as the next version; undefined if there is no such flow.
   * With `baseVersion`, throws VersionConflictError unless that is still the latest.
   */
  save(id: string, flow: Flow, baseVersion?: number, note?: VersionNote): FlowRecord | undefined;
  /** Every version, newest first, without their documents; undefined if there is no such flow. */
  versions(id: string): FlowVersionInfo[] | undefined;
  /**
   * Saves version `version`'s document again as the next version ("Restored version N"), so
   * nothing after it is lost; undefined if the flow or that version does not exist.
   */
  restore(id: string, version: number, by?: SavedBy): FlowRecord | undefined;
  /** Removes the flow and all its versions (its runs stay). False if there was none. */
  delete(id: string): boolean;
}

interface VersionRow {
  id: string;
  version: number;
  latest: number;
  created_at: number;
  updated_at: number;
  saved_at: number;
  json: string;
}

interface SummaryRow {
  id: string;
  name: string;
  version: number;
  created_at: number;
  updated_at: number;
  valid: number;
  run_id: string | null;
  run_status: RunStatus | null;
  run_started_at: number | null;
}

interface HistoryRow {
  version: number;
  created_at: number;
  saved_by: string | null;
  message: string | null;
  valid: number;
}

export function createFlowStore(db: Db): FlowStore {
  const listRows = db.prepare<[], SummaryRow>(`
    SELECT f.id, f.name, f.version, f.created_at, f.updated_at, v.valid,
           r.id AS run_id, r.status AS run_status, r.started_at AS run_started_at
    FROM flows f
    JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.version
    LEFT JOIN runs r ON r.id = (
      SELECT id FROM runs WHERE flow_id = f.id ORDER BY started_at DESC, rowid DESC LIMIT 1)
    ORDER BY f.updated_at DESC, f.rowid DESC`);
  const versionRow = db.prepare<[string, number | null], VersionRow>(`
    SELECT f.id, v.version, f.version AS latest, f.created_at, f.updated_at,
           v.created_at AS saved_at, v.json
    FROM flows f JOIN flow_versions v ON v.flow_id = f.id
    WHERE f.id = ? AND v.version = coalesce(?, f.version)`);
  const latestVersion = db.prepare<[string], { version: number; created_at: number }>("SELECT version, created_at FROM flows WHERE id = ?");
  const insertFlow = db.prepare(
    "INSERT INTO flows (id, name, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)",
  );
  const updateFlow = db.prepare("UPDATE flows SET name = ?, version = ?, updated_at = ? WHERE id = ?");
  const insertVersion = db.prepare(
    "INSERT INTO flow_versions (flow_id, version, json, valid, created_at, saved_by, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const historyRows = db.prepare<[string], HistoryRow>(
    "SELECT version, created_at, saved_by, message, valid FROM flow_versions WHERE flow_id = ? ORDER BY version DESC",
  );
  const deleteVersions = db.prepare("DELETE FROM flow_versions WHERE flow_id = ?");
  const deleteFlow = db.prepare("DELETE FROM flows WHERE id = ?");

  const get = (id: string, version?: number): FlowRecord | undefined => {
    const row = versionRow.get(id, version ?? null);
    return row && toRecord(row);
  };

  // The record of what was just written, made from the flow in hand: reading it back would
  // parse and validate the whole document twice more.
  const writeVersion = (id: string, flow: Flow, version: number, now: number, createdAt: number, note: VersionNote = {}): FlowRecord => {
    const stored: Flow = { ...flow, id };
    const problems = validateFlow(stored);
    const valid = !hasErrors(problems);
    const by = note.by ? JSON.stringify(note.by) : null;
    insertVersion.run(id, version, JSON.stringify(stored), valid ? 1 : 0, now, by, note.message || null);
    return { id, name: flow.name, version, latestVersion: version, createdAt, updatedAt: now, savedAt: now, valid, problems, flow: stored };
  };

  // IMMEDIATE takes the write lock up front, so two processes sharing the database cannot
  // both read version n and both write n + 1.
  const create = db.transaction((flow: Flow, note?: VersionNote) => {
    const id = randomUUID();
    const now = Date.now();
    insertFlow.run(id, flow.name, now, now);
    return writeVersion(id, flow, 1, now, now, note);
  });
  const save = db.transaction((id: string, flow: Flow, baseVersion?: number, note?: VersionNote) => {
    const current = latestVersion.get(id);
    if (!current) return undefined;
    if (baseVersion !== undefined && baseVersion !== current.version) {
      throw new VersionConflictError(current.version, baseVersion);
    }
    const now = Date.now();
    updateFlow.run(flow.name, current.version + 1, now, id);
    return writeVersion(id, flow, current.version + 1, now, current.created_at, note);
  });
  // Read and write in one transaction, so the restored document is the one that was asked for.
  const restore = db.transaction((id: string, version: number, by?: SavedBy) => {
    const old = get(id, version);
    return old && save(id, old.flow, undefined, { by, message: `Restored version ${version}` });
  });
  const remove = db.transaction((id: string) => {
    deleteVersions.run(id);
    return deleteFlow.run(id).changes > 0;
  });

  return {
    list: () =>
      listRows.all().map((r) => ({
        id: r.id,
        name: r.name,
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        valid: r.valid === 1,
        // runs.status and runs.started_at are NOT NULL, so a joined run has both.
        lastRun: r.run_id === null ? null : { id: r.run_id, status: r.run_status!, startedAt: r.run_started_at! },
      })),
    create: (flow, note) => create.immediate(flow, note),
    get,
    save: (id, flow, baseVersion, note) => save.immediate(id, flow, baseVersion, note),
    versions: (id) => {
      if (!latestVersion.get(id)) return undefined;
      return historyRows.all(id).map((r) => ({
        version: r.version,
        savedAt: r.created_at,
        savedBy: r.saved_by === null ? null : (JSON.parse(r.saved_by) as SavedBy),
        message: r.message,
        valid: r.valid === 1,
      }));
    },
    restore: (id, version, by) => restore.immediate(id, version, by),
    delete: (id) => remove.immediate(id),
  };
}

/**
 * Stored documents were parsed when saved. Only those of an older schema go through parseFlow
 * again, to be migrated: parsing the rest again would cost as much as the save did, and would
 * make a flow saved before a rule was tightened unreadable (the editor and a run's start still
 * show what the rule refuses).
 */
function storedFlow(row: VersionRow): Flow {
  const doc = JSON.parse(row.json) as Flow;
  if (doc.schemaVersion === FLOW_SCHEMA_VERSION) return doc;
  const parsed = parseFlow(doc);
  if (!parsed.ok) throw new Error(`stored flow ${row.id} v${row.version} no longer parses: ${parsed.problems[0]?.message}`);
  return parsed.flow;
}

function toRecord(row: VersionRow): FlowRecord {
  const flow = storedFlow(row);
  const problems = validateFlow(flow);
  return {
    id: row.id,
    name: flow.name,
    version: row.version,
    latestVersion: row.latest,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    savedAt: row.saved_at,
    valid: !hasErrors(problems),
    problems,
    flow,
  };
}
