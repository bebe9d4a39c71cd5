// A runtime for runs that must not reach out or leave traces: in memory, no notifications,
// no retries, with the ids, clock, judge and tools the caller gives (a replay's or an
// evaluation's), and a registry that answers model calls from a recording when asked to.
import { PROVIDERS, type RunEvent } from "@tandem/shared";
import type { EngineDeps } from "../engine/deps.js";
import { parseNotifyConfig } from "../notify/config.js";
import { createReplayProvider } from "../providers/replay.js";
import { createRegistry, type ProviderRegistry } from "../providers/registry.js";
import { openRuntime, type Runtime } from "../runtime.js";

/** Every provider a flow may name, served from the recording. */
export function recordedRegistry(recording: readonly RunEvent[]): ProviderRegistry {
  const replay = createReplayProvider(recording);
  const every = Object.fromEntries([...PROVIDERS.map((p) => p.id), "scripted"].map((id) => [id, replay]));
  return createRegistry({ env: {}, providers: every });
}

export function hermeticRuntime(registry: ProviderRegistry, engine: Pick<EngineDeps, "newId" | "now" | "judge" | "tools">): Promise<Runtime> {
  return openRuntime({
    dataDir: ":memory:",
    registry,
    engine: { ...engine, retry: { maxRetries: 0 } },
    notify: { config: parseNotifyConfig({}, {}) },
  });
}
