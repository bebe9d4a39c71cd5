// Values the servers of one database share (the `settings` table): each is made once, by
// whichever server starts first, and every other server reads that one.
import type { Sql } from "./sql/types.js";

/** The value stored under key; made by `make` and stored when there is none yet. */
export async function sharedSetting(sql: Sql, key: string, make: () => string): Promise<string> {
  // Of two servers starting at once, one inserts and the other's insert does nothing.
  await sql.run("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", [key, make()]);
  const row = await sql.get<{ value: string }>("SELECT value FROM settings WHERE key = ?", [key]);
  if (!row) throw new Error(`the setting "${key}" was not stored`);
  return row.value;
}
