// A database written before the audit index existed: its runs' decisions are indexed once, when
// the index is made, so the audit lists them like new ones.
import type { RunEvent } from "@tandem/shared";
import { AUDIT_EVENT_TYPES } from "@tandem/shared";
import { auditRowsOf } from "./audit-rows.js";
import type Database from "better-sqlite3";

// The database handle as db.ts opens it (not imported from there: db.ts calls this file).
type Db = Database.Database;

/** One audit row, with its run's flow (both the backfill and the SQLite store's append write these). */
export const INSERT_AUDIT_ROW = `INSERT INTO audit_events (run_id, seq, action, at, user_id, name, flow_id)
  VALUES (@runId, @seq, @action, @at, @userId, @name, (SELECT flow_id FROM runs WHERE id = @runId))`;

/** Whether the audit index is still to be made (call before the schema creates it). */
export function auditIndexMissing(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'").get() === undefined;
}

/** Indexes every stored decision (after the schema has made the index). */
export function backfillAuditIndex(db: Db): void {
  const types = JSON.stringify(["human.requested", ...AUDIT_EVENT_TYPES]);
  const rows = db
    .prepare("SELECT run_id AS runId, json FROM events WHERE type IN (SELECT value FROM json_each(?)) ORDER BY run_id, seq")
    .all(types) as { runId: string; json: string }[];
  const byRun = new Map<string, RunEvent[]>();
  for (const r of rows) byRun.set(r.runId, [...(byRun.get(r.runId) ?? []), JSON.parse(r.json) as RunEvent]);
  const insert = db.prepare(INSERT_AUDIT_ROW);
  db.transaction(() => {
    for (const [runId, events] of byRun) {
      const reading = new Set(events.flatMap((e) => (e.type === "human.requested" && e.reading ? [e.requestId] : [])));
      for (const row of auditRowsOf(events, (requestId) => reading.has(requestId))) insert.run({ runId, ...row });
    }
  })();
}
