// @tandem/server: the engine, stores, providers and the code-first SDK.
export * from "./sdk/index.js";
export { openRuntime, type Runtime, type RuntimeOptions } from "./runtime.js";
export { Engine, checkFlow, FlowInvalidError, UnknownRunError } from "./engine/engine.js";
export type { Run, ControlAction } from "./engine/run.js";
export { AnswerError, ControlError, RunFailure } from "./engine/errors.js";
export { createRegistry, type ProviderRegistry } from "./providers/registry.js";
export { createSqliteEventStore } from "./store/sqlite-events.js";
export { createMemoryEventStore } from "./store/memory-events.js";
export { openDb, dataDir } from "./store/db.js";
export { checkpointInBackground } from "./store/checkpoints.js";
export type { EventStore, RunRow } from "./store/types.js";
