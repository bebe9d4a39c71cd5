// The tables and indexes as of schema version 1, in SQLite's dialect; Postgres gets them through
// forPostgres(). Later changes are migrations of their own (see migrations.ts), never edits here.

export const TABLES = `
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
  saved_by TEXT,
  message TEXT,
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
  deployment TEXT,
  cost_usd REAL NOT NULL DEFAULT 0,
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
CREATE TABLE IF NOT EXISTS deployments (
  name TEXT PRIMARY KEY,
  flow_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  callback_url TEXT,
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  page_enabled INTEGER NOT NULL DEFAULT 0,
  page_token TEXT NOT NULL UNIQUE,
  limits TEXT NOT NULL DEFAULT '{}',
  budget_usd REAL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS deployment_promotions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  at INTEGER NOT NULL,
  by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deployment_promotions_by_name ON deployment_promotions (name, at DESC);
CREATE TABLE IF NOT EXISTS deployment_keys (
  id TEXT PRIMARY KEY,
  deployment TEXT NOT NULL,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS deployment_keys_by_deployment ON deployment_keys (deployment, created_at);
CREATE TABLE IF NOT EXISTS schedules (
  id TEXT PRIMARY KEY,
  deployment TEXT NOT NULL,
  cron TEXT NOT NULL,
  timezone TEXT NOT NULL,
  input TEXT NOT NULL,
  missed TEXT NOT NULL,
  paused INTEGER NOT NULL,
  since INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS schedules_by_deployment ON schedules (deployment, created_at);
CREATE TABLE IF NOT EXISTS schedule_ticks (
  schedule_id TEXT NOT NULL,
  tick INTEGER NOT NULL,
  run_id TEXT,
  skipped INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  claimed_by TEXT NOT NULL,
  pid INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (schedule_id, tick)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS schedule_ticks_unstarted ON schedule_ticks (schedule_id) WHERE run_id IS NULL AND skipped = 0 AND error IS NULL;
CREATE TABLE IF NOT EXISTS datasets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dataset_cases (
  dataset_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  input TEXT NOT NULL,
  expected TEXT NOT NULL,
  run_id TEXT,
  recording TEXT,
  PRIMARY KEY (dataset_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS evaluations (
  id TEXT PRIMARY KEY,
  dataset_id TEXT NOT NULL,
  dataset_name TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  flow_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  request TEXT NOT NULL,
  figures TEXT,
  results TEXT NOT NULL DEFAULT '[]',
  error TEXT
);
CREATE INDEX IF NOT EXISTS evaluations_by_dataset ON evaluations (dataset_id, created_at DESC);
`;

// Columns that older SQLite data directories (from before versioned migrations) may lack:
// version 1 adds them in place, and only then the indexes that use them.
export const LATE_COLUMNS: { table: string; column: string; definition: string }[] = [
  { table: "runs", column: "deployment", definition: "TEXT" },
  { table: "runs", column: "cost_usd", definition: "REAL NOT NULL DEFAULT 0" },
  // Who saved a version (JSON {userId?, name}) and why: null on versions saved before these were kept.
  { table: "flow_versions", column: "saved_by", definition: "TEXT" },
  { table: "flow_versions", column: "message", definition: "TEXT" },
  // null: the flow's budget.
  { table: "deployments", column: "budget_usd", definition: "REAL" },
];

export const LATE_INDEXES = `
CREATE INDEX IF NOT EXISTS runs_by_deployment ON runs (deployment, started_at DESC);
DROP INDEX IF EXISTS runs_deployment_figures;
CREATE INDEX IF NOT EXISTS runs_deployment_totals ON runs (deployment, flow_version, status, finished_at, cost_usd);
CREATE INDEX IF NOT EXISTS runs_deployment_durations ON runs (deployment, (finished_at - started_at)) WHERE finished_at IS NOT NULL;
`;

// Tables listed in insertion order (ORDER BY rowid): SQLite has that column built in; Postgres gets one named the same.
const ROWID_TABLES = ["flows", "runs", "accounts_log", "webhook_deliveries", "deployments", "deployment_promotions", "deployment_keys", "datasets", "evaluations"];

/** The same schema in Postgres's dialect: 64-bit integers (times are ms), doubles, no WITHOUT ROWID, case-blind indexes on lower(). */
export function forPostgres(sql: string): string {
  return sql
    .replace(/CREATE TABLE IF NOT EXISTS (\w+) \(\n/g, (m, table: string) => (ROWID_TABLES.includes(table) ? `${m}  rowid BIGSERIAL,\n` : m))
    .replace(/\bINTEGER\b/g, "BIGINT")
    .replace(/\bREAL\b/g, "DOUBLE PRECISION")
    .replace(/\) WITHOUT ROWID;/g, ");")
    .replace(/\((\w+) COLLATE NOCASE, /g, "(lower($1), ");
}
