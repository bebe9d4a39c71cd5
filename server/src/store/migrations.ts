// Versioned schema migrations, run when a store is opened, for both backends. Each version runs
// once, in a transaction with the version it records, under a lock: of several servers starting
// on one database, one migrates and the others find it done. An old SQLite data directory
// (from before versions were kept) upgrades in place through version 1.
import { AUDIT_EVENT_TYPES, type RunEvent } from "@tandem/shared";
import { auditRowsOf } from "./audit-rows.js";
import { forPostgres, LATE_COLUMNS, LATE_INDEXES, TABLES } from "./schema.js";
import type { Sql } from "./sql/types.js";

export interface Migration {
  version: number;
  name: string;
  up(sql: Sql): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "baseline",
    async up(sql) {
      if (sql.dialect === "postgres") return sql.exec(forPostgres(TABLES + LATE_INDEXES));
      const indexAudit = !(await hasTable(sql, "audit_events"));
      await sql.exec(TABLES);
      for (const { table, column, definition } of LATE_COLUMNS) await addColumn(sql, table, column, definition);
      await sql.exec(LATE_INDEXES);
      // A database written before the audit index existed: its decisions are indexed once.
      if (indexAudit) await backfillAuditIndex(sql);
    },
  },
  {
    version: 2,
    // Which host an owner runs on: its pid means something there only (several servers, one database).
    name: "owners.host",
    up: (sql) => addColumn(sql, "owners", "host", "TEXT NOT NULL DEFAULT ''"),
  },
  {
    version: 3,
    name: "settings",
    // What the servers of one database share beyond their stores (the answer-link key on Postgres).
    up: (sql) => sql.exec("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
  },
  {
    version: 4,
    // Whether an owner is a server: a run at rest may be taken from a live server, never from a terminal.
    name: "owners.serves",
    up: (sql) => addColumn(sql, "owners", "serves", "INTEGER NOT NULL DEFAULT 0"),
  },
  {
    version: 5,
    // Which server runs an evaluation: one whose server is gone was cut off (several servers, one database).
    name: "evaluations.owner",
    up: (sql) => addColumn(sql, "evaluations", "owner", "TEXT"),
  },
];

export class SchemaTooNewError extends Error {
  constructor(where: string, found: number, known: number) {
    super(`the database at ${where} is at schema version ${found}, newer than this Tandem knows (${known}): upgrade Tandem to open it`);
    this.name = "SchemaTooNewError";
  }
}

/** Brings the database up to the latest version; returns the versions it applied. */
export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return sql.tx(
    async () => {
      await sql.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
      const row = await sql.get<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations");
      const current = row?.v ?? 0;
      const latest = migrations.at(-1)?.version ?? 0;
      if (current > latest) throw new SchemaTooNewError(sql.where, current, latest);
      const applied: number[] = [];
      for (const m of migrations) {
        if (m.version <= current) continue;
        await m.up(sql);
        await sql.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [m.version, m.name, Date.now()]);
        applied.push(m.version);
      }
      return applied;
    },
    { lock: "tandem:migrations" },
  );
}

/** The schema version the database is at (0: none yet). */
export async function schemaVersion(sql: Sql): Promise<number> {
  if (!(await hasTable(sql, "schema_migrations"))) return 0;
  return (await sql.get<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations"))?.v ?? 0;
}

async function hasTable(sql: Sql, table: string): Promise<boolean> {
  const q =
    sql.dialect === "sqlite"
      ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
      : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?";
  return (await sql.get(q, [table])) !== undefined;
}

/** Adds the column unless the table has it (a database whose tables were made before their version was recorded). */
async function addColumn(sql: Sql, table: string, column: string, definition: string): Promise<void> {
  // Written in SQLite's dialect, as schema.ts is: INTEGER is 64-bit there.
  if (sql.dialect === "postgres") return sql.exec(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${forPostgres(definition)}`);
  const columns = await sql.all<{ name: string }>("SELECT name FROM pragma_table_info(?)", [table]);
  if (!columns.some((c) => c.name === column)) await sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
}

/** One audit row, with its run's flow (the backfill and the event store's append write these). */
export const INSERT_AUDIT_ROW = `INSERT INTO audit_events (run_id, seq, action, at, user_id, name, flow_id)
  VALUES (?, ?, ?, ?, ?, ?, (SELECT flow_id FROM runs WHERE id = ?))`;

/** Indexes every stored decision (SQLite data written before the audit index existed). */
async function backfillAuditIndex(sql: Sql): Promise<void> {
  const types = ["human.requested", ...AUDIT_EVENT_TYPES];
  const rows = await sql.all<{ runId: string; json: string }>(
    `SELECT run_id AS runId, json FROM events WHERE type IN (${types.map(() => "?").join(", ")}) ORDER BY run_id, seq`,
    types,
  );
  const byRun = new Map<string, RunEvent[]>();
  for (const r of rows) byRun.set(r.runId, [...(byRun.get(r.runId) ?? []), JSON.parse(r.json) as RunEvent]);
  for (const [runId, events] of byRun) {
    const reading = new Set(events.flatMap((e) => (e.type === "human.requested" && e.reading ? [e.requestId] : [])));
    for (const row of auditRowsOf(events, (requestId) => reading.has(requestId)))
      await sql.run(INSERT_AUDIT_ROW, [runId, row.seq, row.action, row.at, row.userId, row.name, runId]);
  }
}
