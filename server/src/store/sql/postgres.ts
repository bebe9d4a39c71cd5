// The PostgreSQL driver: a pool of connections; a transaction holds one client across its
// awaits (found again through AsyncLocalStorage), the rest share the pool. `?` placeholders
// become $1, $2…; BIGINT (times in ms, counts) comes back as a number, not a string.
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { StoreUnavailableError, type Param, type Sql } from "./types.js";

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

interface Scope {
  client: pg.PoolClient;
  open: boolean;
  /** Savepoints made so far (their names). */
  savepoints: number;
}

/** The statement with ? numbered as $n (outside quoted strings). */
export function numbered(sql: string): string {
  let n = 0;
  let quoted = false;
  let out = "";
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === "?" && !quoted ? `$${++n}` : ch;
  }
  return out;
}

/** The URL without its password, to name it in messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}

// Errors that say the server or the connection is gone, not that the statement is wrong.
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"]);

function unavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  if (err?.code && UNAVAILABLE_CODES.has(err.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(err?.message ?? "");
}

function wrap(e: unknown, where: string): unknown {
  return unavailable(e) ? new StoreUnavailableError(`the database at ${where} cannot be reached (${(e as Error).message})`, { cause: e }) : e;
}

const LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** How long to wait for a connection before the statement fails (default 5 s). */
  connectTimeoutMs?: number;
}

export function postgresSql(url: string, options: PostgresOptions = {}): Sql & { pool: pg.Pool } {
  const where = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000 });
  // An idle client's lost connection is reported here; unhandled, it would end the process.
  pool.on("error", () => {});
  const scopes = new AsyncLocalStorage<Scope>();
  const texts = new Map<string, string>();
  const text = (sql: string) => {
    let t = texts.get(sql);
    if (t === undefined) {
      t = numbered(sql);
      texts.set(sql, t);
    }
    return t;
  };
  const query = async <T>(sql: string, params: readonly Param[] = []): Promise<pg.QueryResult<T & pg.QueryResultRow>> => {
    const scope = scopes.getStore();
    const on = scope?.open ? scope.client : pool;
    try {
      return await on.query<T & pg.QueryResultRow>(text(sql), params.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p)));
    } catch (e) {
      throw wrap(e, where);
    }
  };

  // A transaction inside one: a savepoint, so that its failure undoes only its own statements
  // (and the transaction goes on: Postgres refuses every statement after an error otherwise).
  const savepoint = async <T>(scope: Scope, fn: () => Promise<T>, lock?: string): Promise<T> => {
    const name = `sp${++scope.savepoints}`;
    await query(`SAVEPOINT ${name}`);
    try {
      if (lock) await query(LOCK, [lock]);
      const result = await fn();
      await query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (e) {
      await query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw e;
    }
  };

  return {
    dialect: "postgres",
    where,
    pool,
    all: async <T>(sql: string, params?: readonly Param[]) => (await query<T>(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: readonly Param[]) => (await query<T>(sql, params)).rows[0] as T | undefined,
    run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    exec: async (sql) => void (await query(sql)),
    async tx(fn, opts) {
      const joined = scopes.getStore();
      if (joined?.open) return savepoint(joined, fn, opts?.lock);
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw wrap(e, where);
      }
      const scope: Scope = { client, open: true, savepoints: 0 };
      let broken: unknown;
      // A connection lost while checked out is reported on the client; unheard, it would end the process.
      const lost = (e: Error) => (broken = e);
      client.on("error", lost);
      try {
        await client.query("BEGIN");
        if (opts?.lock) await client.query(numbered(LOCK), [opts.lock]);
        const result = await scopes.run(scope, fn);
        await client.query("COMMIT");
        return result;
      } catch (e) {
        try {
          await client.query("ROLLBACK");
        } catch (rollback) {
          broken = rollback;
        }
        throw wrap(e, where);
      } finally {
        scope.open = false;
        client.off("error", lost);
        // A client whose connection broke goes, not back to the pool.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}
