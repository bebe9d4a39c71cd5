// One small SQL interface over both backends, so that every store is written once: SQLite (the
// embedded default, one file) and PostgreSQL (several servers on one database). Statements use
// `?` placeholders on both; the Postgres driver numbers them. What the two dialects spell
// differently (a JSON field, a case-blind match) a store asks of `dialect`.
export type Dialect = "sqlite" | "postgres";

export type Param = string | number | bigint | boolean | null;

export interface Sql {
  readonly dialect: Dialect;
  /** Where the data lives, for messages and health (a Postgres URL without its password). */
  readonly where: string;
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  /** A statement that returns no rows; how many rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<{ changes: number }>;
  /** Several statements, no parameters (a migration). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn in one transaction: every statement fn makes, across its awaits, goes into it, and
   * a `tx` inside joins it as a savepoint (its failure undoes its own statements only). No other writer commits between what fn reads and what it writes
   * when both take the same `lock` (Postgres: a transaction-scoped advisory lock on it; SQLite:
   * every write transaction is IMMEDIATE, so one writer at a time over the whole file).
   * Statements made outside fn wait until it ends (SQLite has one connection).
   */
  tx<T>(fn: () => Promise<T>, opts?: { lock?: string }): Promise<T>;
  close(): Promise<void>;
}

/** The store is not reachable (Postgres down, the connection cut): retry later, nothing was changed or it was rolled back. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreUnavailableError";
  }
}
