// The SQLite file behind the stores: one file, WAL journal (its tables: schema.ts, migrations.ts).
//
// Durability: journal_mode=WAL with synchronous=NORMAL. A committed transaction survives the
// process being killed (kill -9, a crash) because it is in the WAL file the OS already has;
// it may be lost only if the whole machine loses power or the kernel crashes before the OS
// writes the WAL to disk. synchronous=FULL would survive that too, at an fsync per commit.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export type Db = Database.Database;

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
  return db;
}

/** Where data lives: $TANDEM_DATA, else ./.tandem */
export function dataDir(): string {
  return process.env.TANDEM_DATA || join(process.cwd(), ".tandem");
}
