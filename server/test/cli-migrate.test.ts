// `tandem migrate`: a real SQLite data directory (runs written by the event store, a row or two
// in every other table) copied by the real CLI into a real Postgres database: every table's rows
// equal, the verification catches a tampered copy, and a target that has runs is refused.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fold, type RunEvent } from "@tandem/shared";
import { migrateCommand } from "../src/cli/migrate.js";
import { UsageError } from "../src/cli/args.js";
import { COPIED_TABLES, verifyRuns } from "../src/store/copy.js";
import type { Db } from "../src/store/db.js";
import { openSql } from "../src/store/open.js";
import { progressOf } from "../src/store/progress.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { Sql } from "../src/store/sql/types.js";
import { postgresBackend, testPostgres } from "./helpers/backends.js";
import { spawnCli } from "./helpers/cli.js";
import { freePort } from "./helpers/free-port.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "tandem-migrate-"));
  dirs.push(dir);
  return dir;
};
const closing: Sql[] = [];
afterAll(async () => {
  for (const sql of closing) await sql.close().catch(() => {});
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const T = 1_760_000_000_000;
const FLOW = { name: "Review", nodes: [], edges: [] };

/** A run's log as the engine writes it: started, a message, a person's answer, finished. */
function runEvents(runId: string, topic: string): RunEvent[] {
  const bodies = [
    { type: "run.started", runId, flow: FLOW, flowId: "flow-1", flowVersion: 1, input: `Write about ${topic}`, options: {} },
    { type: "message", nodeId: "writer", role: "assistant", name: "writer", content: `${topic} is old.` },
    { type: "human.requested", nodeId: "reviewer", requestId: "r1", instructions: "Approve?", outcomes: [], allowText: true, allowEdit: true },
    { type: "human.responded", nodeId: "reviewer", requestId: "r1", by: "Ana", actor: { userId: "user-0", name: "Ana", via: "studio" }, text: "fine" },
    { type: "run.finished", status: "completed", output: `${topic} is old.` },
  ];
  return bodies.map((b, i) => ({ ...b, seq: i + 1, at: T + i }) as RunEvent);
}

// Columns that name another table's row, given that row's value (foreign keys, and what the stores join on).
const REFERS: Record<string, string> = { user_id: "user-0", run_id: "run-tea", flow_id: "flow-1", dataset_id: "dataset-0", schedule_id: "schedule-0", deployment: "deployment-0" };

/** A value for a column of a synthetic row `i`, by its declared type (a table's own key is its own). */
function valueFor(table: string, column: string, type: string, ownKey: boolean, i: number): string | number {
  if (column === "id" || column === "name" || column === "username") return `${table.replace(/s$/, "")}-${i}`;
  if (column in REFERS && !ownKey) return REFERS[column]!;
  if (type === "INTEGER") return T + i;
  if (type === "REAL") return 0.25 + i;
  // JSON-looking text where the stores would read JSON, plain text elsewhere.
  return column === "roles" || column === "json" ? "[]" : `${table}.${column}.${i}`;
}

/** A long run: more events than one INSERT of the copy takes. */
function longRun(runId: string, messages: number): RunEvent[] {
  const bodies = [
    { type: "run.started", runId, flow: FLOW, input: "Talk at length", options: {} },
    ...Array.from({ length: messages }, (_, i) => ({ type: "message", nodeId: "writer", role: "assistant", name: "writer", content: `line ${i} ünïcödé 'quoted' \\ 100%` })),
  ];
  return bodies.map((b, i) => ({ ...b, seq: i + 1, at: T + i }) as RunEvent);
}

/** A data directory with four runs from the event store (one long) and two rows in every other table. */
async function dataDir(): Promise<string> {
  const dir = tempDir();
  const { sql, sqlite } = await openSql(dir);
  const events = createSqlEventStore(sql);
  for (const [runId, topic] of [["run-tea", "tea"], ["run-coffee", "coffee"], ["run-water", "water"]] as const) {
    const log = runEvents(runId, topic);
    await events.append(runId, log, progressOf(fold(log)));
  }
  const long = longRun("run-long", 1_200);
  await events.append("run-long", long, progressOf(fold(long)));
  await events.markDamaged("run-water", "unknown event node.teleported");
  const byStore = new Set(["runs", "events", "audit_events", "damaged_runs"]);
  for (const table of COPIED_TABLES.filter((t) => !byStore.has(t))) {
    const columns = sqlite!.prepare("SELECT name, type, pk FROM pragma_table_info(?)").all(table) as { name: string; type: string; pk: number }[];
    const ownKey = (c: { pk: number }) => c.pk > 0 && columns.filter((k) => k.pk > 0).length === 1;
    const insert = sqlite!.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c.name}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
    for (const i of [0, 1]) insert.run(...columns.map((c) => valueFor(table, c.name, c.type, ownKey(c), i)));
  }
  await sql.close();
  return dir;
}

/** Every row of a table, in one order on both sides (rowid too where the table is listed by it). */
async function rows(sql: Sql, table: string, columns: string[]): Promise<unknown[]> {
  const all = await sql.all<Record<string, unknown>>(`SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM ${table}`);
  return all.map((r) => JSON.stringify(columns.map((c) => r[c]))).sort();
}

async function columnsOf(sqlite: Db, target: Sql, table: string): Promise<string[]> {
  const rowid = await target.get("SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'rowid'", [table]);
  return [...(rowid ? ["rowid"] : []), ...(sqlite.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[])];
}

describe("tandem migrate", () => {
  let from: string;
  let to: string;
  let output: { code: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    from = await dataDir();
    to = await postgresBackend.target();
    const cli = spawnCli(["migrate", "--from", from, "--to", to], { dataDir: tempDir() });
    const { code } = await cli.waitForExit(60_000);
    output = { code, stdout: cli.stdout, stderr: cli.stderr };
  }, 90_000);

  it("copies every table, row for row, and says what it copied", async () => {
    expect(output).toMatchObject({ code: 0, stderr: "" });
    expect(output.stdout.trim()).toBe(
      "copied 4 runs (1216 events), 2 flows, 2 flow versions, 1 damaged runs, 3 audit events, 2 owners, 2 run owners, 2 users, 2 roles, 2 sessions, " +
        "2 api tokens, 2 accounts log, 2 webhook deliveries, 2 used link nonces, 2 deployments, 2 deployment promotions, 2 deployment keys, 2 schedules, " +
        "2 schedule ticks, 2 datasets, 2 dataset cases, 2 evaluations — every run verified",
    );
    const source = await openSql(from);
    const target = await openSql(to);
    closing.push(source.sql, target.sql);
    for (const table of COPIED_TABLES) {
      const columns = await columnsOf(source.sqlite!, target.sql, table);
      const there = await rows(target.sql, table, columns);
      expect(there, table).toEqual(await rows(source.sql, table, columns));
      expect(there.length, table).toBeGreaterThan(0);
    }
    // The stores read the copy as they read the original.
    const copied = createSqlEventStore(target.sql);
    expect(await copied.listRuns({ text: "coffee" })).toEqual(await createSqlEventStore(source.sql).listRuns({ text: "coffee" }));
    expect(await copied.run("run-water")).toMatchObject({ damaged: "unknown event node.teleported", status: "completed" });
    expect((await copied.auditRows({ person: "ana", limit: 10, offset: 0 })).total).toBe(3);
    // A table listed in insertion order goes on after the copied rows.
    await target.sql.run("INSERT INTO flows (id, name, version, created_at, updated_at) VALUES ('flow-new', 'New', 1, 0, 0)");
    const order = await target.sql.all<{ id: string }>("SELECT id FROM flows ORDER BY rowid");
    expect(order.map((r) => r.id)).toEqual([...(source.sqlite!.prepare("SELECT id FROM flows ORDER BY rowid").pluck().all() as string[]), "flow-new"]);
    await target.sql.run("DELETE FROM flows WHERE id = 'flow-new'");
  });

  it("the verification catches a copy whose events were changed or lost, naming the run", async () => {
    const source = await openSql(from);
    const target = await openSql(to);
    closing.push(source.sql, target.sql);
    expect(await verifyRuns(source.sql, target.sql)).toEqual({ runs: 4, events: 1216, mismatched: [] });

    await target.sql.run("UPDATE events SET json = replace(json, 'is old', 'is new') WHERE run_id = 'run-coffee' AND seq = 2");
    expect((await verifyRuns(source.sql, target.sql)).mismatched).toEqual([{ runId: "run-coffee", problem: "its events differ in the copy" }]);
    await target.sql.run("DELETE FROM events WHERE run_id = 'run-tea' AND seq = 5");
    expect((await verifyRuns(source.sql, target.sql)).mismatched).toEqual([
      { runId: "run-coffee", problem: "its events differ in the copy" },
      { runId: "run-tea", problem: "5 events, 4 in the copy" },
    ]);
  });

  it("refuses a target that has runs, writing nothing, and never prints the URL's password", async () => {
    const url = new URL(await postgresBackend.target());
    const { sql } = await openSql(url.toString());
    closing.push(sql);
    const log = runEvents("run-there", "milk");
    await createSqlEventStore(sql).append("run-there", log, progressOf(fold(log)));
    // The throwaway server trusts local logins: any password is accepted, and must not be shown.
    url.password = "s3cret-pw";

    const cli = spawnCli(["migrate", "--from", from, "--to", url.toString()], { dataDir: tempDir() });
    const { code } = await cli.waitForExit(60_000);
    expect(code).not.toBe(0);
    expect(cli.stderr).toContain("already has 1 run: tandem migrate copies into an empty database only");
    expect(cli.stderr).toContain(`127.0.0.1:${(await testPostgres()).port}`);
    expect(cli.stdout + cli.stderr).not.toContain("s3cret-pw");
    expect(cli.stdout).toBe("");
    for (const table of ["runs", "events", "flows", "users"]) {
      expect((await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n, table).toBe(table === "runs" ? 1 : table === "events" ? 5 : 0);
    }
  });

  it("bad flags and an unreachable database are clear: --from must be a data directory, --to a postgres:// URL (not echoed)", async () => {
    const refused = (argv: string[]) => migrateCommand(argv).then(() => "ran", (e: Error) => e);
    const empty = tempDir();
    expect(await refused(["--to", to])).toEqual(new UsageError("--from: expected the SQLite data directory to copy, e.g. --from .tandem"));
    expect(await refused(["--from", empty, "--to", to])).toEqual(new UsageError(`--from: "${empty}" is not a Tandem data directory (it has no tandem.db)`));
    const notPostgres = await refused(["--from", from, "--to", "mysql://root:hunter2@db/tandem"]);
    expect(notPostgres).toBeInstanceOf(UsageError);
    expect((notPostgres as Error).message).toMatch(/^--to: expected the URL of an empty Postgres database/);
    expect((notPostgres as Error).message).not.toContain("hunter2");
    expect(await refused(["--from", from])).toBeInstanceOf(UsageError);
    // A server that does not answer: a line naming it without the password, nothing else.
    const closed = await refused(["--from", from, "--to", `postgres://tandem:hunter2@127.0.0.1:${await freePort()}/tandem`]);
    expect(closed).toMatchObject({ cliError: true });
    expect((closed as Error).message).toMatch(/^cannot open the database at postgres:\/\/tandem:\*\*\*@127\.0\.0\.1:\d+\/tandem: /);
    expect((closed as Error).message).not.toContain("hunter2");
    expect(await refused(["--from", from, "--to", to, "--fast"])).toEqual(new UsageError("unknown flag '--fast'"));
  });
});
