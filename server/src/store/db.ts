// The SQLite database behind the stores: one file, WAL journal.
//
// Durability: journal_mode=WAL with synchronous=NORMAL. A committed transaction survives the
// process being killed (kill -9, a crash) because it is in the WAL file the OS already has;
// it may be lost only if the whole machine loses power or the kernel crashes before the OS
// writes the WAL to disk. synchronous=FULL would survive that too, at an fsync per commit.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { auditIndexMissing, backfillAuditIndex } from "./audit-backfill.js";

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS flows (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS flow_versions (
  flow_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  json TEXT NOT NULL,
  valid INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (flow_id, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  flow_id TEXT,
  flow_version INTEGER,
  flow_name TEXT NOT NULL,
  input TEXT NOT NULL,
  status TEXT NOT NULL,
  waiting_node TEXT,
  steps INTEGER NOT NULL DEFAULT 0,
  tokens INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  parent_run_id TEXT,
  parent_seq INTEGER,
  imported INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started_at DESC);
CREATE INDEX IF NOT EXISTS runs_by_flow ON runs (flow_id, started_at DESC);
CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status, started_at DESC);
CREATE TABLE IF NOT EXISTS events (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS damaged_runs (
  run_id TEXT PRIMARY KEY,
  reason TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit_events (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  action TEXT NOT NULL,
  at INTEGER NOT NULL,
  user_id TEXT,
  name TEXT,
  flow_id TEXT,
  PRIMARY KEY (run_id, seq, action)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_events (at DESC);
CREATE INDEX IF NOT EXISTS audit_by_user ON audit_events (user_id, at DESC);
CREATE INDEX IF NOT EXISTS audit_by_name ON audit_events (name COLLATE NOCASE, at DESC);
CREATE INDEX IF NOT EXISTS audit_by_flow ON audit_events (flow_id, at DESC);
CREATE TABLE IF NOT EXISTS owners (
  owner TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  beat_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS run_owners (
  run_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  email TEXT,
  roles TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  last_sign_in_at INTEGER
);
CREATE TABLE IF NOT EXISTS roles (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE TABLE IF NOT EXISTS accounts_log (
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  user_id TEXT,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_log_by_time ON accounts_log (at);
CREATE INDEX IF NOT EXISTS accounts_log_by_user ON accounts_log (user_id, at);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  type TEXT NOT NULL,
  run_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_time ON webhook_deliveries (created_at DESC);
CREATE TABLE IF NOT EXISTS used_link_nonces (
  nonce TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  used_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Opens (creating if needed) the database in `dir`, or in memory for ":memory:". */
export function openDb(dir: string): Db {
  let file = ":memory:";
  if (dir !== ":memory:") {
    mkdirSync(dir, { recursive: true });
    file = join(dir, "tandem.db");
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  const indexAudit = auditIndexMissing(db);
  db.exec(SCHEMA);
  addMissingColumns(db);
  if (indexAudit) backfillAuditIndex(db);
  return db;
}

// Columns added after a table first shipped: an older data directory gains them in place.
const ADDED_COLUMNS: { table: string; column: string; definition: string }[] = [
  { table: "runs", column: "deployment", definition: "TEXT" },
  { table: "runs", column: "cost_usd", definition: "REAL NOT NULL DEFAULT 0" },
  // Who saved a version (JSON {userId?, name}) and why: null on versions saved before these were kept.
  { table: "flow_versions", column: "saved_by", definition: "TEXT" },
  { table: "flow_versions", column: "message", definition: "TEXT" },
];

/** Adds the column to the table unless it has it (a table a store creates itself gains its own this way). */
export function addColumn(db: Db, table: string, column: string, definition: string): void {
  const has = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).includes(column);
  if (!has) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
}

function addMissingColumns(db: Db): void {
  for (const { table, column, definition } of ADDED_COLUMNS) addColumn(db, table, column, definition);
  db.exec("CREATE INDEX IF NOT EXISTS runs_by_deployment ON runs (deployment, started_at DESC)");
}

/** Where data lives: $TANDEM_DATA, else ./.tandem */
export function dataDir(): string {
  return process.env.TANDEM_DATA || join(process.cwd(), ".tandem");
}
