// The data directory as commands open it: to read runs, or to drive them.
import { Engine } from "../engine/engine.js";
import { createRegistry, OFFLINE_NOTICE } from "../providers/registry.js";
import { dataDir, openDb } from "../store/db.js";
import { createRunOwners, type RunOwners } from "../store/owners.js";
import { createSqliteEventStore } from "../store/sqlite-events.js";
import type { EventStore } from "../store/types.js";
import { UsageError } from "./args.js";

export function openStore(): EventStore {
  return createSqliteEventStore(openDb(dataDir()));
}

/** The store and this process's claims on runs, for commands that drive runs. */
export function openForDriving(): { store: EventStore; owners: RunOwners; close(): void } {
  const db = openDb(dataDir());
  const store = createSqliteEventStore(db);
  const owners = createRunOwners(db);
  return {
    store,
    owners,
    close() {
      owners.close();
      store.close();
    },
  };
}

/** The run `take` gets from an engine on this data; says once when no model provider is set. */
export function takeRun<T>({ store, owners }: ReturnType<typeof openForDriving>, take: (engine: Engine) => T): T {
  const registry = createRegistry();
  const run = take(new Engine({ store, registry, owners }));
  if (registry.offline) console.error(OFFLINE_NOTICE);
  return run;
}

export function requireRun(store: EventStore, runId: string | undefined) {
  if (!runId) throw new UsageError("expected a run id (see: tandem runs)");
  const row = store.run(runId);
  if (!row) throw new UsageError(`unknown run "${runId}" (see: tandem runs)`);
  return row;
}
