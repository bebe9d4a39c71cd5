// Engines standing for processes on one database, in one test process (see processesOn).
import { onTestFinished } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { createRegistry } from "../../src/providers/registry.js";
import { openSql } from "../../src/store/open.js";
import { createRunOwners } from "../../src/store/owners.js";
import { createSqlEventStore } from "../../src/store/sql-events.js";
import type { Sql } from "../../src/store/sql/types.js";
import type { SqlBackend } from "./backends.js";

/**
 * Makes "processes" on one new database of the backend, as far as the store and the claims go:
 * each its own owner and engine; `now` is its clock for judging other owners' freshness. On
 * Postgres each has its own connections, as a second server has. On SQLite they share the test's
 * one connection: better-sqlite3 waits for a lock without yielding, so two connections in one
 * thread would wait on each other (real processes on one file are run-owners' and the server tests').
 */
export async function processesOn(backend: SqlBackend) {
  const target = await backend.target();
  const connect = async () => {
    const { sql } = await openSql(target);
    onTestFinished(() => sql.close());
    return sql;
  };
  let shared: Promise<Sql> | undefined;
  return async (now?: () => number): Promise<Engine> => {
    const sql = await (backend.name === "sqlite" ? (shared ??= connect()) : connect());
    const owners = createRunOwners(sql, now);
    const engine = new Engine({ store: createSqlEventStore(sql), registry: createRegistry({ scriptedDelayMs: 0 }), owners });
    onTestFinished(() => engine.detach());
    return engine;
  };
}
