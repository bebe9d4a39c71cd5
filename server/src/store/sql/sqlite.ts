// The SQLite driver: better-sqlite3 is synchronous, so a statement made outside a transaction
// runs at once. A transaction holds the one connection across its awaits; statements made
// elsewhere meanwhile wait for it to end, and a transaction's own statements (found through
// AsyncLocalStorage) go straight in.
import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { Param, Sql } from "./types.js";

interface Scope {
  open: boolean;
  /** Savepoints made so far (their names). */
  savepoints: number;
}

export function sqliteSql(db: Database.Database, where: string): Sql {
  const statements = new Map<string, Database.Statement>();
  const scopes = new AsyncLocalStorage<Scope>();
  let current: Scope | null = null;
  // Resolves when the current transaction ends; the next one chains on it.
  let idle: Promise<void> = Promise.resolve();

  const prepare = (sql: string): Database.Statement => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const args = (params: readonly Param[]) => params.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p));
  /** Runs a statement now if this context may use the connection, else after the transaction that holds it. */
  const when = async <T>(run: () => T): Promise<T> => {
    while (current && scopes.getStore() !== current) await idle;
    return run();
  };

  // A transaction inside one: a savepoint, so that its failure undoes only its own statements.
  const savepoint = async <T>(scope: Scope, fn: () => Promise<T>): Promise<T> => {
    const name = `sp${++scope.savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (e) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      throw e;
    }
  };

  return {
    dialect: "sqlite",
    where,
    all: <T>(sql: string, params: readonly Param[] = []) => when(() => prepare(sql).all(...args(params)) as T[]),
    get: <T>(sql: string, params: readonly Param[] = []) => when(() => prepare(sql).get(...args(params)) as T | undefined),
    run: (sql, params = []) => when(() => ({ changes: prepare(sql).run(...args(params)).changes })),
    exec: (sql) => when(() => void db.exec(sql)),
    async tx(fn) {
      const joined = scopes.getStore();
      if (joined?.open) return savepoint(joined, fn);
      while (current) await idle;
      const scope: Scope = { open: true, savepoints: 0 };
      let end!: () => void;
      current = scope;
      idle = new Promise((resolve) => (end = resolve));
      try {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await scopes.run(scope, fn);
          db.exec("COMMIT");
          return result;
        } catch (e) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw e;
        }
      } finally {
        // Work fn scheduled (timers, setImmediate) carries this scope on: it must not count as inside.
        scope.open = false;
        current = null;
        end();
      }
    },
    async close() {
      while (current) await idle;
      db.close();
    },
  };
}
