import { dataDir, openDb } from "../store/db.js";
import { createSqliteEventStore } from "../store/sqlite-events.js";
import type { EventStore } from "../store/types.js";
import { UsageError } from "./args.js";

export function openStore(): EventStore {
  return createSqliteEventStore(openDb(dataDir()));
}

export function requireRun(store: EventStore, runId: string | undefined) {
  if (!runId) throw new UsageError("expected a run id (see: tandem runs)");
  const row = store.run(runId);
  if (!row) throw new UsageError(`unknown run "${runId}" (see: tandem runs)`);
  return row;
}
