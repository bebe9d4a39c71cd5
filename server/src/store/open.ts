// Opens the database the stores share: a Postgres URL, else a data directory holding the SQLite
// file (":memory:" keeps nothing). Migrations run before anything else reads or writes.
import { openDb, type Db } from "./db.js";
import { migrate } from "./migrations.js";
import { postgresSql, type PostgresOptions } from "./sql/postgres.js";
import { sqliteSql } from "./sql/sqlite.js";
import type { Sql } from "./sql/types.js";

export const isPostgresUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);

export interface OpenedSql {
  sql: Sql;
  /** The SQLite handle (WAL checkpoints, the secret file beside it); none on Postgres. */
  sqlite?: Db;
}

export async function openSql(target: string, options: PostgresOptions = {}): Promise<OpenedSql> {
  if (isPostgresUrl(target)) {
    const sql = postgresSql(target, options);
    try {
      await migrate(sql);
    } catch (e) {
      await sql.close();
      throw e;
    }
    return { sql };
  }
  const db = openDb(target);
  const sql = sqliteSql(db, target === ":memory:" ? ":memory:" : `${target}/tandem.db`);
  try {
    await migrate(sql);
  } catch (e) {
    db.close();
    throw e;
  }
  return { sql, sqlite: db };
}
