// Flows and their versions, over SQL (SQLite or Postgres). Every save is a new version row, so a
// run can always name the exact flow it ran and the studio can show or restore any earlier version.
import { randomUUID } from "node:crypto";
import { FLOW_SCHEMA_VERSION, hasErrors, parseFlow, validateFlow, type Flow, type FlowRecord, type FlowSummary, type FlowVersionInfo, type RunStatus, type SavedBy } from "@tandem/shared";
import type { Sql } from "./sql/types.js";

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
  list(): Promise<FlowSummary[]>;
  create(flow: Flow, note?: VersionNote): Promise<FlowRecord>;
  /** The latest version, or the given one; undefined if either does not exist. */
  get(id: string, version?: number): Promise<FlowRecord | undefined>;
  /**
   * Stores `flow` as the next version; undefined if there is no such flow.
   * With `baseVersion`, throws VersionConflictError unless that is still the latest.
   */
  save(id: string, flow: Flow, baseVersion?: number, note?: VersionNote): Promise<FlowRecord | undefined>;
  /** Every version, newest first, without their documents; undefined if there is no such flow. */
  versions(id: string): Promise<FlowVersionInfo[] | undefined>;
  /**
   * Saves version `version`'s document again as the next version ("Restored version N"), so
   * nothing after it is lost; undefined if the flow or that version does not exist.
   */
  restore(id: string, version: number, by?: SavedBy): Promise<FlowRecord | undefined>;
  /** Removes the flow and all its versions (its runs stay). False if there was none. */
  delete(id: string): Promise<boolean>;
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

const LIST = `
  SELECT f.id, f.name, f.version, f.created_at, f.updated_at, v.valid,
         r.id AS run_id, r.status AS run_status, r.started_at AS run_started_at
  FROM flows f
  JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.version
  LEFT JOIN runs r ON r.id = (
    SELECT id FROM runs WHERE flow_id = f.id ORDER BY started_at DESC, rowid DESC LIMIT 1)
  ORDER BY f.updated_at DESC, f.rowid DESC`;
const VERSION = `
  SELECT f.id, v.version, f.version AS latest, f.created_at, f.updated_at, v.created_at AS saved_at, v.json
  FROM flows f JOIN flow_versions v ON v.flow_id = f.id
  WHERE f.id = ? AND v.version = coalesce(?, f.version)`;
const INSERT_VERSION = "INSERT INTO flow_versions (flow_id, version, json, valid, created_at, saved_by, message) VALUES (?, ?, ?, ?, ?, ?, ?)";

/** The lock a flow's saves take: two servers cannot both read version n and both write n + 1. */
const saving = (id: string) => `tandem:flow:${id}`;

export function createFlowStore(sql: Sql): FlowStore {
  const latestVersion = (id: string) => sql.get<{ version: number; created_at: number }>("SELECT version, created_at FROM flows WHERE id = ?", [id]);

  const get = async (id: string, version?: number): Promise<FlowRecord | undefined> => {
    const row = await sql.get<VersionRow>(VERSION, [id, version ?? null]);
    return row && toRecord(row);
  };

  // The record of what was just written, made from the flow in hand: reading it back would
  // parse and validate the whole document twice more.
  const writeVersion = async (id: string, flow: Flow, version: number, now: number, createdAt: number, note: VersionNote = {}): Promise<FlowRecord> => {
    const stored: Flow = { ...flow, id };
    const problems = validateFlow(stored);
    const valid = !hasErrors(problems);
    const by = note.by ? JSON.stringify(note.by) : null;
    await sql.run(INSERT_VERSION, [id, version, JSON.stringify(stored), valid ? 1 : 0, now, by, note.message || null]);
    return { id, name: flow.name, version, latestVersion: version, createdAt, updatedAt: now, savedAt: now, valid, problems, flow: stored };
  };

  const save = (id: string, flow: Flow, baseVersion?: number, note?: VersionNote) =>
    sql.tx(
      async () => {
        const current = await latestVersion(id);
        if (!current) return undefined;
        if (baseVersion !== undefined && baseVersion !== current.version) throw new VersionConflictError(current.version, baseVersion);
        const now = Date.now();
        await sql.run("UPDATE flows SET name = ?, version = ?, updated_at = ? WHERE id = ?", [flow.name, current.version + 1, now, id]);
        return writeVersion(id, flow, current.version + 1, now, current.created_at, note);
      },
      { lock: saving(id) },
    );

  return {
    async list() {
      const rows = await sql.all<SummaryRow>(LIST);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        valid: r.valid === 1,
        // runs.status and runs.started_at are NOT NULL, so a joined run has both.
        lastRun: r.run_id === null ? null : { id: r.run_id, status: r.run_status!, startedAt: r.run_started_at! },
      }));
    },
    create: (flow, note) =>
      sql.tx(async () => {
        const id = randomUUID();
        const now = Date.now();
        await sql.run("INSERT INTO flows (id, name, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)", [id, flow.name, now, now]);
        return writeVersion(id, flow, 1, now, now, note);
      }),
    get,
    save,
    async versions(id) {
      if (!(await latestVersion(id))) return undefined;
      const rows = await sql.all<HistoryRow>("SELECT version, created_at, saved_by, message, valid FROM flow_versions WHERE flow_id = ? ORDER BY version DESC", [id]);
      return rows.map((r) => ({
        version: r.version,
        savedAt: r.created_at,
        savedBy: r.saved_by === null ? null : (JSON.parse(r.saved_by) as SavedBy),
        message: r.message,
        valid: r.valid === 1,
      }));
    },
    // Read and write under the flow's lock, so the restored document is the one that was asked for.
    restore: (id, version, by) =>
      sql.tx(
        async () => {
          const old = await get(id, version);
          return old && save(id, old.flow, undefined, { by, message: `Restored version ${version}` });
        },
        { lock: saving(id) },
      ),
    delete: (id) =>
      sql.tx(async () => {
        await sql.run("DELETE FROM flow_versions WHERE flow_id = ?", [id]);
        return (await sql.run("DELETE FROM flows WHERE id = ?", [id])).changes > 0;
      }),
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
