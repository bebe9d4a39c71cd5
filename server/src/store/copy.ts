// Copies a SQLite data directory's tables into an empty Postgres database (`tandem migrate`), then
// checks that every run's log arrived whole.
import { createHash } from "node:crypto";
import type { Db } from "./db.js";
import { TABLES } from "./schema.js";
import type { Param, Sql } from "./sql/types.js";

/** Every table, in the order schema.ts creates them: a table comes after those its foreign keys name (users before sessions). */
export const COPIED_TABLES = [...TABLES.matchAll(/CREATE TABLE IF NOT EXISTS (\w+)/g)].map((m) => m[1]!);

// Rows per INSERT: few round trips, well under Postgres's 65,535 parameters a statement.
const ROWS_PER_INSERT = 500;
const PARAMS_PER_INSERT = 60_000;

/** The copy is refused before anything is written. */
export class CopyRefusedError extends Error {
  readonly cliError = true;
}

/**
 * Copies every table of `source` (an opened, migrated SQLite database) into `target`, in one
 * transaction: all of it or nothing. The target must hold no runs. SQLite's rowid goes into the
 * Postgres tables' rowid column (the order they list in), and their sequences continue past it.
 * Returns how many rows each table had.
 */
export async function copyTables(source: Db, target: Sql): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  // One read transaction: the copy is of one moment, even if a server writes meanwhile.
  source.exec("BEGIN");
  try {
    await target.tx(
      async () => {
        const runs = (await target.get<{ n: number }>("SELECT count(*) AS n FROM runs"))!.n;
        if (runs > 0) throw new CopyRefusedError(`the database at ${target.where} already has ${runs} run${runs === 1 ? "" : "s"}: tandem migrate copies into an empty database only`);
        const withRowid = new Set(
          (await target.all<{ table_name: string }>("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'rowid'")).map((r) => r.table_name),
        );
        for (const table of COPIED_TABLES) counts.set(table, await copyTable(source, target, table, withRowid.has(table)));
        for (const table of withRowid) await target.get(`SELECT setval(pg_get_serial_sequence('${table}', 'rowid'), (SELECT coalesce(max(rowid), 0) + 1 FROM ${table}), false)`);
      },
      // The migrations' lock: a server starting on the target meanwhile waits for the copy to end.
      { lock: "tandem:migrations" },
    );
  } finally {
    source.exec("COMMIT");
  }
  return counts;
}

async function copyTable(source: Db, target: Sql, table: string, rowid: boolean): Promise<number> {
  const columns = [...(rowid ? ["rowid"] : []), ...(source.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[])];
  const names = columns.map((c) => `"${c}"`).join(", ");
  const perInsert = Math.min(ROWS_PER_INSERT, Math.floor(PARAMS_PER_INSERT / columns.length));
  const row = `(${columns.map(() => "?").join(", ")})`;
  let chunk: Param[][] = [];
  let copied = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    await target.run(`INSERT INTO ${table} (${names}) VALUES ${chunk.map(() => row).join(", ")}`, chunk.flat());
    copied += chunk.length;
    chunk = [];
  };
  for (const values of source.prepare(`SELECT ${names} FROM ${table}`).raw().iterate() as Iterable<Param[]>) {
    chunk.push(values);
    if (chunk.length === perInsert) await flush();
  }
  await flush();
  return copied;
}

export interface Verified {
  runs: number;
  events: number;
  /** Runs whose log differs between the two (with how), none when the copy is whole. */
  mismatched: { runId: string; problem: string }[];
}

/** Compares every run's log on both sides: the count of its events and a SHA-256 over their JSON in seq order. */
export async function verifyRuns(source: Sql, target: Sql): Promise<Verified> {
  const result: Verified = { runs: 0, events: 0, mismatched: [] };
  const ids = async (sql: Sql) => (await sql.all<{ id: string }>("SELECT id FROM runs")).map((r) => r.id);
  const there = new Set(await ids(target));
  for (const runId of (await ids(source)).sort()) {
    result.runs++;
    if (!there.delete(runId)) {
      result.mismatched.push({ runId, problem: "missing from the copy" });
      continue;
    }
    const [mine, theirs] = await Promise.all([digest(source, runId), digest(target, runId)]);
    result.events += mine.count;
    if (mine.count !== theirs.count) result.mismatched.push({ runId, problem: `${mine.count} events, ${theirs.count} in the copy` });
    else if (mine.sha256 !== theirs.sha256) result.mismatched.push({ runId, problem: "its events differ in the copy" });
  }
  for (const runId of there) result.mismatched.push({ runId, problem: "only in the copy" });
  return result;
}

async function digest(sql: Sql, runId: string): Promise<{ count: number; sha256: string }> {
  const hash = createHash("sha256");
  const rows = await sql.all<{ json: string }>("SELECT json FROM events WHERE run_id = ? ORDER BY seq", [runId]);
  for (const r of rows) hash.update(r.json).update("\n");
  return { count: rows.length, sha256: hash.digest("hex") };
}
