// The SQLite event store: one row per event (deltas arrive already coalesced), one row per run.
import { FINISH_STATUSES, type RunEvent, type RunSummary } from "@tandem/shared";
import { INSERT_AUDIT_ROW } from "./audit-backfill.js";
import { auditRowsOf } from "./audit-rows.js";
import type { Db } from "./db.js";
import type { AuditRow, AuditRowFilter, EventStore, RunFilter, RunProgress } from "./types.js";

interface RunTableRow {
  id: string;
  flow_id: string | null;
  flow_version: number | null;
  flow_name: string;
  input: string;
  status: RunSummary["status"];
  waiting_node: string | null;
  steps: number;
  tokens: number;
  cost_usd: number;
  last_seq: number;
  parent_run_id: string | null;
  parent_seq: number | null;
  imported: number;
  deployment: string | null;
  started_at: number;
  updated_at: number;
  finished_at: number | null;
  damaged: string | null;
}

function toSummary(r: RunTableRow): RunSummary {
  return {
    id: r.id,
    flowId: r.flow_id,
    flowVersion: r.flow_version,
    flowName: r.flow_name,
    input: r.input,
    status: r.status,
    waitingNode: r.waiting_node,
    steps: r.steps,
    tokens: r.tokens,
    costUsd: r.cost_usd,
    lastSeq: r.last_seq,
    parentRunId: r.parent_run_id,
    parentSeq: r.parent_seq,
    imported: r.imported === 1,
    deployment: r.deployment,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    damaged: r.damaged,
  };
}

const FINISHED = `(${FINISH_STATUSES.map((s) => `'${s}'`).join(",")})`;
// A run's row with the reason it is damaged, if it is.
const RUN_ROWS = "SELECT runs.*, damaged_runs.reason AS damaged FROM runs LEFT JOIN damaged_runs ON damaged_runs.run_id = runs.id";

export function createSqliteEventStore(db: Db): EventStore {
  const insertEvent = db.prepare("INSERT INTO events (run_id, seq, type, json) VALUES (?, ?, ?, ?)");
  const insertRun = db.prepare(`INSERT INTO runs (id, flow_id, flow_version, flow_name, input, status, parent_run_id, parent_seq, imported, deployment, started_at, updated_at)
    VALUES (@id, @flowId, @flowVersion, @flowName, @input, 'running', @parentRunId, @parentSeq, @imported, @deployment, @at, @at)`);
  const updateRun = db.prepare(`UPDATE runs SET status = @status, waiting_node = @waitingNode, steps = @steps, tokens = @tokens, cost_usd = @costUsd,
    last_seq = @lastSeq, updated_at = @updatedAt, finished_at = @finishedAt WHERE id = @id`);
  const selectEvents = db.prepare("SELECT json FROM events WHERE run_id = ? AND seq > ? ORDER BY seq").pluck();
  const selectRun = db.prepare(`${RUN_ROWS} WHERE id = ?`);
  const insertDamaged = db.prepare("INSERT OR REPLACE INTO damaged_runs (run_id, reason) VALUES (?, ?)");
  const insertAudit = db.prepare(INSERT_AUDIT_ROW);
  const selectReadingAsked = db.prepare(`SELECT 1 FROM events WHERE run_id = ? AND type = 'human.requested'
    AND json_extract(json, '$.requestId') = ? AND json_extract(json, '$.reading') IS NOT NULL`);
  const selectAuditUsers = db.prepare("SELECT DISTINCT user_id FROM audit_events WHERE user_id IS NOT NULL").pluck();
  const deletes = ["events", "damaged_runs", "run_owners", "audit_events"].map((table) => db.prepare(`DELETE FROM ${table} WHERE run_id = ?`));
  const deleteRunRow = db.prepare("DELETE FROM runs WHERE id = ?");
  const deleteRun = db.transaction((runId: string) => {
    for (const d of deletes) d.run(runId);
    return deleteRunRow.run(runId).changes > 0;
  });
  const selectUnfinished = db.prepare(`SELECT id FROM runs WHERE status NOT IN ${FINISHED} AND imported = 0 ORDER BY started_at`).pluck();

  const append = db.transaction((runId: string, events: readonly RunEvent[], progress: RunProgress, imported: boolean) => {
    for (const e of events) {
      if (e.type === "run.started") {
        insertRun.run({
          id: runId,
          flowId: e.flowId ?? null,
          flowVersion: e.flowVersion ?? null,
          flowName: e.flow.name,
          input: e.input,
          parentRunId: e.parent?.runId ?? null,
          parentSeq: e.parent?.seq ?? null,
          imported: imported ? 1 : 0,
          deployment: e.deployment?.name ?? null,
          at: progress.startedAt,
        });
      }
      insertEvent.run(runId, e.seq, e.type, JSON.stringify(e));
    }
    // After the batch's events: an answer may come in the same batch as its request.
    for (const row of auditRowsOf(events, (requestId) => selectReadingAsked.get(runId, requestId) !== undefined)) insertAudit.run({ runId, ...row });
    updateRun.run({ id: runId, ...progress });
  });

  return {
    append(runId, events, progress, meta) {
      if (events.length > 0) append(runId, events, progress, meta?.imported ?? false);
    },
    batch(fn) {
      return db.transaction(fn)();
    },
    events(runId, afterSeq = 0) {
      return (selectEvents.all(runId, afterSeq) as string[]).map((j) => JSON.parse(j) as RunEvent);
    },
    run(runId) {
      const r = selectRun.get(runId) as RunTableRow | undefined;
      return r && toSummary(r);
    },
    listRuns(filter: RunFilter = {}) {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (filter.flowId) {
        where.push("flow_id = @flowId");
        params.flowId = filter.flowId;
      }
      if (filter.deployment) {
        where.push("deployment = @deployment");
        params.deployment = filter.deployment;
      }
      if (filter.status) {
        where.push("status = @status");
        params.status = filter.status;
      }
      if (filter.text) {
        // What was said (a message's content, a person's reply or edit), not the event's JSON:
        // matching the whole JSON would find "writer" or "nodeId" in every run.
        where.push(`(input LIKE @text ESCAPE '\\' OR EXISTS (SELECT 1 FROM events e WHERE e.run_id = runs.id
          AND e.type IN ('message', 'human.responded')
          AND (json_extract(e.json, '$.content') LIKE @text ESCAPE '\\' OR json_extract(e.json, '$.text') LIKE @text ESCAPE '\\'
            OR json_extract(e.json, '$.edit') LIKE @text ESCAPE '\\')))`);
        params.text = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      }
      const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
      const total = db.prepare(`SELECT count(*) FROM runs ${clause}`).pluck().get(params) as number;
      const rows = db
        .prepare(`${RUN_ROWS} ${clause} ORDER BY started_at DESC, id LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: filter.limit ?? 50, offset: filter.offset ?? 0 }) as RunTableRow[];
      return { runs: rows.map(toSummary), total };
    },
    auditRows(filter) {
      return auditRows(db, filter);
    },
    auditUserIds() {
      return selectAuditUsers.all() as string[];
    },
    unfinishedRuns() {
      return selectUnfinished.all() as string[];
    },
    markDamaged(runId, reason) {
      insertDamaged.run(runId, reason);
    },
    deleteRun(runId) {
      return deleteRun.immediate(runId);
    },
    close() {
      db.close();
    },
  };
}

function auditRows(db: Db, f: AuditRowFilter): { rows: AuditRow[]; total: number } {
  // Each filter that is set: its condition and its parameter (lists go in as JSON).
  const filters: [string, unknown][] = [
    ["(user_id = @person OR name = @person COLLATE NOCASE)", f.person],
    ["user_id IN (SELECT value FROM json_each(@userIds))", f.userIds && JSON.stringify(f.userIds)],
    ["flow_id = @flowId", f.flowId],
    ["action IN (SELECT value FROM json_each(@actions))", f.actions && JSON.stringify(f.actions)],
    ["at >= @from", f.from],
    ["at <= @to", f.to],
  ];
  const set = filters.filter(([, value]) => value !== undefined);
  const params = Object.fromEntries(set.map(([condition, value]) => [/@(\w+)/.exec(condition)![1]!, value]));
  const clause = set.length ? `WHERE ${set.map(([condition]) => condition).join(" AND ")}` : "";
  const total = db.prepare(`SELECT count(*) FROM audit_events ${clause}`).pluck().get(params) as number;
  const rows = db
    .prepare(`SELECT run_id AS runId, seq, at, action FROM audit_events ${clause} ORDER BY at DESC, run_id, seq DESC, action LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: f.limit, offset: f.offset }) as AuditRow[];
  return { rows, total };
}
