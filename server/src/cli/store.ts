// What commands share about the data they open (runtime.ts): the engine that drives a run
// they take, and the run a command names.
import type { Engine } from "../engine/engine.js";
import { OFFLINE_NOTICE } from "../providers/registry.js";
import type { Runtime } from "../runtime.js";
import type { EventStore } from "../store/types.js";
import { UsageError } from "./args.js";

/** The run `take` gets from the engine; says once when no model provider is set. */
export async function takeRun<T>({ engine, registry }: Runtime, take: (engine: Engine) => Promise<T>): Promise<T> {
  const run = await take(engine);
  if (registry.offline) console.error(OFFLINE_NOTICE);
  return run;
}

export async function requireRun(store: EventStore, runId: string | undefined) {
  if (!runId) throw new UsageError("expected a run id (see: tandem runs)");
  const row = await store.run(runId);
  if (!row) throw new UsageError(`unknown run "${runId}" (see: tandem runs)`);
  return row;
}
