// Versioned migrations: a SQLite data directory from before versions were kept upgrades in place
// with nothing lost; a database newer than this Tandem is refused; several servers starting on one
// Postgres at once migrate it once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS, SchemaTooNewError, schemaVersion } from "../src/store/migrations.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { Sql } from "../src/store/sql/types.js";
import { postgresBackend, sqlBackends, testPostgres } from "./helpers/backends.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "tandem-migrations-"));
  dirs.push(dir);
  return dir;
};

const LATEST = MIGRATIONS.at(-1)!.version;
const ALL_VERSIONS = MIGRATIONS.map(({ version }) => ({ version }));

// The tables these rows live in, as a Tandem from before versioned migrations created them.
const OLD_TABLES = `
CREATE TABLE flows (id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE flow_versions (flow_id TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL, valid INTEGER NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (flow_id, version)) WITHOUT ROWID;
CREATE TABLE runs (
  id TEXT PRIMARY KEY, flow_id TEXT, flow_version INTEGER, flow_name TEXT NOT NULL, input TEXT NOT NULL, status TEXT NOT NULL,
  waiting_node TEXT, steps INTEGER NOT NULL DEFAULT 0, tokens INTEGER NOT NULL DEFAULT 0, last_seq INTEGER NOT NULL DEFAULT 0,
  parent_run_id TEXT, parent_seq INTEGER, imported INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finished_at INTEGER
);
CREATE TABLE events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
CREATE TABLE damaged_runs (run_id TEXT PRIMARY KEY, reason TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE deployments (
  name TEXT PRIMARY KEY, flow_id TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL DEFAULT '', callback_url TEXT,
  allowed_origins TEXT NOT NULL DEFAULT '[]', page_enabled INTEGER NOT NULL DEFAULT 0, page_token TEXT NOT NULL UNIQUE,
  limits TEXT NOT NULL DEFAULT '{}', created_by TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
`;

const T = 1_750_000_000_000;
const FLOW = { name: "Review", nodes: [], edges: [] };
const ANA = { userId: "u-ana", name: "Ana", via: "studio" };
const asked = { nodeId: "reviewer", instructions: "Approve?", outcomes: [], allowText: true, allowEdit: true };
// A reviewed run: Ana answers with an edit, then corrects how her second reply was read.
const EVENTS = [
  { type: "run.started", runId: "run-1", flow: FLOW, flowId: "flow-1", flowVersion: 2, input: "draft", options: {} },
  { type: "human.requested", requestId: "r1", ...asked },
  { type: "human.responded", nodeId: "reviewer", requestId: "r1", by: "Ana", actor: ANA, text: "shorter", edit: "A short draft" },
  { type: "human.requested", requestId: "r2", ...asked, reading: { outcome: "approve", reason: "says ok" } },
  { type: "human.responded", nodeId: "reviewer", requestId: "r2", by: "Ana", actor: ANA, outcome: "revise" },
  { type: "run.finished", status: "completed", output: "A short draft" },
].map((e, i) => ({ ...e, seq: i + 1, at: T + i * 1000 }));

/** A data directory as an older Tandem left it, with a run, a flow, a deployment and a damaged run. */
function oldDataDir(): string {
  const dir = tempDir();
  const db = new Database(join(dir, "tandem.db"));
  db.exec(OLD_TABLES);
  db.prepare("INSERT INTO flows VALUES ('flow-1', 'Review', 2, ?, ?)").run(T, T + 1);
  db.prepare("INSERT INTO flow_versions VALUES ('flow-1', 1, '{\"v\":1}', 1, ?), ('flow-1', 2, '{\"v\":2}', 0, ?)").run(T, T + 1);
  db.prepare("INSERT INTO runs (id, flow_id, flow_version, flow_name, input, status, steps, tokens, last_seq, started_at, updated_at, finished_at) VALUES ('run-1', 'flow-1', 2, 'Review', 'draft', 'completed', 1, 42, 6, ?, ?, ?)").run(T, T + 5000, T + 5000);
  db.prepare("INSERT INTO runs (id, flow_name, input, status, started_at, updated_at) VALUES ('run-2', 'Broken', 'x', 'running', ?, ?)").run(T + 10, T + 10);
  const insert = db.prepare("INSERT INTO events VALUES ('run-1', ?, ?, ?)");
  for (const e of EVENTS) insert.run(e.seq, e.type, JSON.stringify(e));
  db.prepare("INSERT INTO damaged_runs VALUES ('run-2', 'unknown event node.teleported')").run();
  db.prepare("INSERT INTO deployments (name, flow_id, version, page_token, created_by, created_at, updated_at) VALUES ('review', 'flow-1', 2, 'tok', 'u-ana', ?, ?)").run(T, T);
  db.close();
  return dir;
}

/** Every row of the tables an older Tandem had, in their old columns. */
async function oldRows(sql: Sql) {
  return {
    flows: await sql.all("SELECT id, name, version, created_at, updated_at FROM flows ORDER BY id"),
    flowVersions: await sql.all("SELECT flow_id, version, json, valid, created_at FROM flow_versions ORDER BY flow_id, version"),
    runs: await sql.all(
      "SELECT id, flow_id, flow_version, flow_name, input, status, waiting_node, steps, tokens, last_seq, parent_run_id, parent_seq, imported, started_at, updated_at, finished_at FROM runs ORDER BY id",
    ),
    events: await sql.all("SELECT run_id, seq, type, json FROM events ORDER BY run_id, seq"),
    damaged: await sql.all("SELECT run_id, reason FROM damaged_runs ORDER BY run_id"),
    deployments: await sql.all("SELECT name, flow_id, version, description, callback_url, allowed_origins, page_enabled, page_token, limits, created_by, created_at, updated_at FROM deployments"),
  };
}

describe("an old SQLite data directory", () => {
  it("upgrades in place through every version: nothing lost, the new columns there, decisions indexed", async () => {
    const dir = oldDataDir();
    const before = new Database(join(dir, "tandem.db"));
    const raw = (q: string) => before.prepare(q).all();
    const expected = {
      flows: raw("SELECT * FROM flows ORDER BY id"),
      flowVersions: raw("SELECT * FROM flow_versions ORDER BY flow_id, version"),
      runs: raw("SELECT * FROM runs ORDER BY id"),
      events: raw("SELECT * FROM events ORDER BY run_id, seq"),
      damaged: raw("SELECT * FROM damaged_runs ORDER BY run_id"),
      deployments: raw("SELECT * FROM deployments"),
    };
    before.close();

    const { sql } = await openSql(dir);
    try {
      expect(await oldRows(sql)).toEqual(expected);
      const columns = async (table: string) => (await sql.all<{ name: string }>("SELECT name FROM pragma_table_info(?)", [table])).map((c) => c.name);
      expect(await columns("runs")).toEqual(expect.arrayContaining(["deployment", "cost_usd"]));
      expect(await columns("flow_versions")).toEqual(expect.arrayContaining(["saved_by", "message"]));
      expect(await columns("deployments")).toContain("budget_usd");
      // Old rows get the new columns' defaults.
      expect(await sql.all("SELECT id, deployment, cost_usd FROM runs ORDER BY id")).toEqual([
        { id: "run-1", deployment: null, cost_usd: 0 },
        { id: "run-2", deployment: null, cost_usd: 0 },
      ]);
      expect(await sql.all("SELECT saved_by, message FROM flow_versions")).toEqual([
        { saved_by: null, message: null },
        { saved_by: null, message: null },
      ]);
      expect(await sql.get("SELECT budget_usd FROM deployments")).toEqual({ budget_usd: null });

      const store = createSqlEventStore(sql);
      expect(await store.auditRows({ limit: 10, offset: 0 })).toEqual({
        rows: [
          { runId: "run-1", seq: 5, at: T + 4000, action: "correct" },
          { runId: "run-1", seq: 3, at: T + 2000, action: "answer" },
          { runId: "run-1", seq: 3, at: T + 2000, action: "edit" },
        ],
        total: 3,
      });
      expect((await store.auditRows({ flowId: "flow-1", person: "ana", limit: 10, offset: 0 })).total).toBe(3);
      expect(await store.run("run-2")).toMatchObject({ damaged: "unknown event node.teleported", costUsd: 0, deployment: null });
      expect(await sql.all("SELECT version, name FROM schema_migrations ORDER BY version")).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));

    } finally {
      await sql.close();
    }

    // Opened again: nothing to apply, nothing indexed twice.
    const again = await openSql(dir);
    try {
      expect(await migrate(again.sql)).toEqual([]);
      expect(await schemaVersion(again.sql)).toBe(LATEST);
      expect(await again.sql.all("SELECT version FROM schema_migrations ORDER BY version")).toEqual(ALL_VERSIONS);
      expect((await createSqlEventStore(again.sql).auditRows({ limit: 10, offset: 0 })).total).toBe(3);
      expect((await oldRows(again.sql)).events).toEqual(expected.events);
    } finally {
      await again.sql.close();
    }
  });
});

describe.each(sqlBackends)("$name migrations", (backend) => {
  it("a new database is at the latest version, and migrating it again applies nothing", async () => {
    const sql = await backend.open();
    expect(await schemaVersion(sql)).toBe(MIGRATIONS.at(-1)!.version);
    expect(await migrate(sql)).toEqual([]);
    expect(await sql.all("SELECT version FROM schema_migrations ORDER BY version")).toEqual(ALL_VERSIONS);
  });

  it("a migration that fails leaves the database at the version before it, with none of its changes", async () => {
    const sql = await backend.open();
    const failing = {
      version: LATEST + 1,
      name: "half done",
      async up(s: Sql) {
        await s.exec("CREATE TABLE half_done (id TEXT PRIMARY KEY)");
        throw new Error("stopped half way");
      },
    };
    await expect(migrate(sql, [...MIGRATIONS, failing])).rejects.toThrow("stopped half way");
    expect(await schemaVersion(sql)).toBe(LATEST);
    await expect(sql.get("SELECT count(*) AS n FROM half_done")).rejects.toThrow();
  });

  it("a database at a newer version than this Tandem knows is refused, each time it is opened", async () => {
    const target = await backend.target();
    const first = await openSql(target);
    await first.sql.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [99, "from the future", Date.now()]);
    await first.sql.close();

    const opening = openSql(target);
    await expect(opening).rejects.toThrow(SchemaTooNewError);
    await expect(opening).rejects.toThrow(`schema version 99, newer than this Tandem knows (${LATEST})`);

    const again = await openSql(target).catch((e: Error) => e);
    expect(again).toBeInstanceOf(SchemaTooNewError);
    // The message names where the data is, never a password.
    expect((again as Error).message).not.toMatch(/:[^/@:]+@/);
  });
});

describe("two servers starting on one Postgres at once", () => {
  it("both open it, and each version is recorded once", async () => {
    const url = await postgresBackend.target();
    const opened = await Promise.all([openSql(url), openSql(url), openSql(url)]);
    try {
      for (const { sql } of opened) expect(await schemaVersion(sql)).toBe(LATEST);
      expect(await opened[0]!.sql.all("SELECT version FROM schema_migrations ORDER BY version")).toEqual(ALL_VERSIONS);
    } finally {
      await Promise.all(opened.map(({ sql }) => sql.close()));
    }
  });

  it("a URL with a password is named without it when the database is too new", async () => {
    const server = await testPostgres();
    const url = new URL(await postgresBackend.target());
    const first = await openSql(url.toString());
    await first.sql.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [LATEST + 1, "next", Date.now()]);
    await first.sql.close();
    // The throwaway server trusts local logins: any password is accepted, and must not be shown.
    url.username = "postgres";
    url.password = "s3cret-pw";
    const error = await openSql(url.toString()).catch((e: Error) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toContain(`127.0.0.1:${server.port}`);
    expect((error as Error).message).not.toContain("s3cret-pw");
  });
});
