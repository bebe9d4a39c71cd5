// The backends a store's conformance tests run on: SQLite (a file in a temp dir) and Postgres (a
// database of its own on a throwaway server, started once per test file when first needed and
// stopped after it). The event store adds its memory backend to these.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openSql } from "../../src/store/open.js";
import type { Sql } from "../../src/store/sql/types.js";
import { startPostgres, type TestPostgres } from "./postgres.js";

export interface SqlBackend {
  name: "sqlite" | "postgres";
  /** A new, empty, migrated database; closed after the file's tests. */
  open(): Promise<Sql>;
  /** Where a new, empty database lives (a data dir or a URL), for what opens it itself (a runtime, a server process). */
  target(): Promise<string>;
}

let server: Promise<TestPostgres> | undefined;
const opened: Sql[] = [];

/** This file's Postgres server, started on first use. */
export function testPostgres(): Promise<TestPostgres> {
  return (server ??= startPostgres());
}

afterAll(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
  if (server) await (await server).stop();
  server = undefined;
});

const track = async (target: string) => {
  const { sql } = await openSql(target);
  opened.push(sql);
  return sql;
};

export const sqliteBackend: SqlBackend = {
  name: "sqlite",
  target: async () => mkdtempSync(join(tmpdir(), "tandem-store-")),
  open: async () => track(await sqliteBackend.target()),
};

export const postgresBackend: SqlBackend = {
  name: "postgres",
  target: async () => (await testPostgres()).freshDatabase(),
  open: async () => track(await postgresBackend.target()),
};

export const sqlBackends: readonly SqlBackend[] = [sqliteBackend, postgresBackend];
