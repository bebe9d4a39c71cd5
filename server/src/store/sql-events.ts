// The event store over SQL, one implementation for SQLite and Postgres: one row per event
// (deltas arrive already coalesced), one row per run, audit rows indexed as events are appended.
import { FINISH_STATUSES, isAuditEvent, type RunEvent, type RunSummary } from "@tandem/shared";
import { auditRowsOf } from "./audit-rows.js";
import { INSERT_AUDIT_ROW } from "./migrations.js";
import { equalsCaseBlind, jsonText, likeCaseBlind, placeholders } from "./sql/dialect.js";
import type { Param, Sql } from "./sql/types.js";
import { SeqTakenError, type AuditRow, type AuditRowFilter, type EventStore, type RunFilter, type RunProgress } from "./types.js";
import { RUN_CHANNEL, runNotice } from "../cluster/run-signals.js";

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

// Events go in this many to a statement: one round trip for a batch, well under SQLite's limit on parameters.
const EVENTS_PER_INSERT = 200;

export interface SqlEventStoreOptions {
  /**
   * The owner id of the process writing (see owners.ts): an append to a run that another owner
   * has claimed is refused (SeqTakenError), so a copy whose claim moved on cannot write beside
   * the process that took the run over.
   */
  writer?: string;
}

export function createSqlEventStore(sql: Sql, options: SqlEventStoreOptions = {}): EventStore {
  const { writer } = options;
  const fence = writer === undefined ? "" : " AND NOT EXISTS (SELECT 1 FROM run_owners WHERE run_id = ? AND owner <> ?)";
  const insertEvents = async (runId: string, events: readonly RunEvent[]) => {
    for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
      const chunk = events.slice(i, i + EVENTS_PER_INSERT);
      await sql.run(
        `INSERT INTO events (run_id, seq, type, json) VALUES ${chunk.map(() => "(?, ?, ?, ?)").join(", ")}`,
        chunk.flatMap((e) => [runId, e.seq, e.type, JSON.stringify(e)]),
      );
    }
  };
  const insertRun = (runId: string, e: Extract<RunEvent, { type: "run.started" }>, progress: RunProgress, imported: boolean) =>
    sql.run(
      `INSERT INTO runs (id, flow_id, flow_version, flow_name, input, status, parent_run_id, parent_seq, imported, deployment, started_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
      [runId, e.flowId ?? null, e.flowVersion ?? null, e.flow.name, e.input, e.parent?.runId ?? null, e.parent?.seq ?? null, imported ? 1 : 0, e.deployment?.name ?? null, progress.startedAt, progress.startedAt],
    );
  // Which of the run's requests asked to confirm a reading (their answers are corrections in the audit).
  const readingRequests = async (runId: string): Promise<Set<string>> => {
    const rows = await sql.all<{ json: string }>("SELECT json FROM events WHERE run_id = ? AND type = 'human.requested'", [runId]);
    const asked = rows.map((r) => JSON.parse(r.json) as Extract<RunEvent, { type: "human.requested" }>);
    return new Set(asked.filter((e) => e.reading !== undefined).map((e) => e.requestId));
  };

  // The batch must continue the log where it ends, written by the run's owner: a gap, a taken
  // seq, an unknown run or a run another process has claimed is refused.
  const CONTINUE = `UPDATE runs SET status = ?, waiting_node = ?, steps = ?, tokens = ?, cost_usd = ?, last_seq = ?, updated_at = ?, finished_at = ? WHERE id = ? AND last_seq = ?${fence}`;
  const continuing = (runId: string, first: RunEvent, progress: RunProgress): Param[] => [
    ...[progress.status, progress.waitingNode, progress.steps, progress.tokens, progress.costUsd, progress.lastSeq, progress.updatedAt, progress.finishedAt],
    ...[runId, first.seq - 1, ...(writer === undefined ? [] : [runId, writer])],
  ];

  const append = (runId: string, events: readonly RunEvent[], progress: RunProgress, imported: boolean) =>
    sql.tx(async () => {
      const first = events[0]!;
      if (first.type === "run.started") await insertRun(runId, first, progress, imported);
      const continued = await sql.run(CONTINUE, continuing(runId, first, progress));
      if (continued.changes === 0) throw new SeqTakenError(runId, first.seq);
      await insertEvents(runId, events);
      // After the batch's events: an answer may come in the same batch as its request.
      const reading = events.some((e) => e.type === "human.responded") ? await readingRequests(runId) : new Set<string>();
      for (const row of auditRowsOf(events, (requestId) => reading.has(requestId)))
        await sql.run(INSERT_AUDIT_ROW, [runId, row.seq, row.action, row.at, row.userId, row.name, runId]);
      // Other servers following the run read the store when told (sent at commit, not before).
      if (sql.dialect === "postgres") await sql.run(`SELECT pg_notify('${RUN_CHANNEL}', ?)`, [runNotice(runId, events.at(-1)!.seq)]);
    });

  // Postgres, a batch that neither starts its run nor adds to the audit (streamed text, steps):
  // one statement continues the log, stores the events and sends the notice (only if they went
  // in), rather than five round trips in a savepoint; refused, it changes nothing.
  const appendAtOnce = async (runId: string, events: readonly RunEvent[], progress: RunProgress) => {
    const first = events[0]!;
    const rows = events.map(() => "(?, ?::bigint, ?, ?)").join(", ");
    const told = await sql.get<{ moved: number }>(
      `WITH moved AS (${CONTINUE} RETURNING id),
      added AS (INSERT INTO events (run_id, seq, type, json) SELECT * FROM (VALUES ${rows}) AS v (run_id, seq, type, json) WHERE EXISTS (SELECT 1 FROM moved))
      SELECT count(*) AS moved FROM (SELECT pg_notify('${RUN_CHANNEL}', ?) FROM moved) AS notice`,
      [...continuing(runId, first, progress), ...events.flatMap((e) => [runId, e.seq, e.type, JSON.stringify(e)]), runNotice(runId, events.at(-1)!.seq)],
    );
    if (told!.moved === 0) throw new SeqTakenError(runId, first.seq);
  };
  const atOnce = (events: readonly RunEvent[]) =>
    sql.dialect === "postgres" && events[0]!.type !== "run.started" && events.length <= EVENTS_PER_INSERT && !events.some(isAuditEvent);

  return {
    async append(runId, events, progress, meta) {
      if (events.length === 0) return;
      if (events.some((e, i) => e.seq !== events[0]!.seq + i)) throw new Error(`run ${runId}: the events' seqs are not consecutive`);
      if (atOnce(events)) await appendAtOnce(runId, events, progress);
      else await append(runId, events, progress, meta?.imported ?? false);
    },
    batch: (fn) => sql.tx(fn),
    async events(runId, afterSeq = 0) {
      const rows = await sql.all<{ json: string }>("SELECT json FROM events WHERE run_id = ? AND seq > ? ORDER BY seq", [runId, afterSeq]);
      return rows.map((r) => JSON.parse(r.json) as RunEvent);
    },
    async run(runId) {
      const r = await sql.get<RunTableRow>(`${RUN_ROWS} WHERE id = ?`, [runId]);
      return r && toSummary(r);
    },
    async listRuns(filter: RunFilter = {}) {
      const where: string[] = [];
      const params: Param[] = [];
      const when = (condition: string, ...values: Param[]) => {
        where.push(condition);
        params.push(...values);
      };
      if (filter.flowId) when("flow_id = ?", filter.flowId);
      if (filter.deployment) when("deployment = ?", filter.deployment);
      if (filter.status) when("status = ?", filter.status);
      if (filter.text) {
        // What was said (a message's content, a person's reply or edit), not the event's JSON:
        // matching the whole JSON would find "writer" or "nodeId" in every run.
        const like = `${likeCaseBlind(sql)} ? ESCAPE '\\'`;
        const text = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        when(
          `(input ${like} OR EXISTS (SELECT 1 FROM events e WHERE e.run_id = runs.id
          AND e.type IN ('message', 'human.responded')
          AND (${jsonText(sql, "e.json", "content")} ${like} OR ${jsonText(sql, "e.json", "text")} ${like} OR ${jsonText(sql, "e.json", "edit")} ${like})))`,
          text, text, text, text,
        );
      }
      const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
      const total = (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM runs ${clause}`, params))!.n;
      const rows = await sql.all<RunTableRow>(`${RUN_ROWS} ${clause} ORDER BY started_at DESC, id LIMIT ? OFFSET ?`, [...params, filter.limit ?? 50, filter.offset ?? 0]);
      return { runs: rows.map(toSummary), total };
    },
    auditRows: (filter) => auditRows(sql, filter),
    async auditUserIds() {
      return (await sql.all<{ user_id: string }>("SELECT DISTINCT user_id FROM audit_events WHERE user_id IS NOT NULL ORDER BY user_id")).map((r) => r.user_id);
    },
    async unfinishedRuns() {
      return (await sql.all<{ id: string }>(`SELECT id FROM runs WHERE status NOT IN ${FINISHED} AND imported = 0 ORDER BY started_at, id`)).map((r) => r.id);
    },
    async markDamaged(runId, reason) {
      await sql.run("INSERT INTO damaged_runs (run_id, reason) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET reason = excluded.reason", [runId, reason]);
    },
    deleteRun: (runId) =>
      sql.tx(async () => {
        for (const table of ["events", "damaged_runs", "run_owners", "audit_events"]) await sql.run(`DELETE FROM ${table} WHERE run_id = ?`, [runId]);
        return (await sql.run("DELETE FROM runs WHERE id = ?", [runId])).changes > 0;
      }),
    close: () => sql.close(),
  };
}

async function auditRows(sql: Sql, f: AuditRowFilter): Promise<{ rows: AuditRow[]; total: number }> {
  // Each filter that is set: its condition and its parameters.
  const filters: [string, Param[] | undefined][] = [
    [`(user_id = ? OR ${equalsCaseBlind(sql, "name")})`, f.person === undefined ? undefined : [f.person, f.person]],
    [`user_id IN (${placeholders(f.userIds?.length ?? 0)})`, f.userIds && [...f.userIds]],
    ["flow_id = ?", f.flowId === undefined ? undefined : [f.flowId]],
    [`action IN (${placeholders(f.actions?.length ?? 0)})`, f.actions && [...f.actions]],
    ["at >= ?", f.from === undefined ? undefined : [f.from]],
    ["at <= ?", f.to === undefined ? undefined : [f.to]],
  ];
  const set = filters.filter((x): x is [string, Param[]] => x[1] !== undefined);
  const params = set.flatMap(([, values]) => values);
  const clause = set.length ? `WHERE ${set.map(([condition]) => condition).join(" AND ")}` : "";
  const total = (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM audit_events ${clause}`, params))!.n;
  const rows = await sql.all<AuditRow>(
    `SELECT run_id AS "runId", seq, at, action FROM audit_events ${clause} ORDER BY at DESC, run_id, seq DESC, action LIMIT ? OFFSET ?`,
    [...params, f.limit, f.offset],
  );
  return { rows, total };
}
