// What the two dialects spell differently, for statements written once for both.
import type { Sql } from "./types.js";

/**
 * A text field of a JSON column (null when absent). A U+0000 in the JSON (escaped \u0000) is read
 * as U+FFFD: Postgres's jsonb refuses it (the whole query would fail) and SQLite's LIKE stops at it.
 * The replacement is an escape of the same shape, so the JSON stays valid whatever precedes it.
 */
export const jsonText = (sql: Sql, column: string, field: string) => {
  const readable = `replace(${column}, '\\u0000', '\\ufffd')`;
  return sql.dialect === "sqlite" ? `json_extract(${readable}, '$.${field}')` : `(${readable}::jsonb ->> '${field}')`;
};

/** LIKE that ignores case (SQLite's LIKE already does for ASCII). */
export const likeCaseBlind = (sql: Sql) => (sql.dialect === "sqlite" ? "LIKE" : "ILIKE");

/** `?, ?, ?` for a list of n values (IN (…) with no values matches nothing: give it NULL). */
export const placeholders = (n: number) => (n === 0 ? "NULL" : Array.from({ length: n }, () => "?").join(", "));

/** `x = ?` ignoring case, using the case-blind index each backend has (SQLite: COLLATE NOCASE; Postgres: on lower(x)). */
export const equalsCaseBlind = (sql: Sql, column: string) => (sql.dialect === "sqlite" ? `${column} = ? COLLATE NOCASE` : `lower(${column}) = lower(?)`);

/** `column` ordered by code point, as SQLite orders text (Postgres would use its locale's collation, which skips punctuation). */
export const byCodePoint = (sql: Sql, column: string) => (sql.dialect === "sqlite" ? column : `${column} COLLATE "C"`);
