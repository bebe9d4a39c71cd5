// A data directory's runs read (or written) directly, as another process would: the database
// opened for one use and closed after it.
import { openSql } from "../../src/store/open.js";
import { createSqlEventStore } from "../../src/store/sql-events.js";
import type { EventStore } from "../../src/store/types.js";

export async function withStore<T>(target: string, use: (store: EventStore) => Promise<T> | T): Promise<T> {
  const store = createSqlEventStore((await openSql(target)).sql);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
