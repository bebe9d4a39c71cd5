// @tandem/server: the engine, stores, providers and the code-first SDK.
export * from "./sdk/index.js";
export { openRuntime, type Runtime, type RuntimeOptions } from "./runtime.js";
export { Engine } from "./engine/engine.js";
export { checkFlowDocument, type CheckedFlow } from "./engine/checked-flow.js";
export type { Run } from "./engine/run.js";
export {
  AnswerError,
  ControlError,
  EngineError,
  FlowInvalidError,
  ForkError,
  RunDamagedError,
  ImportError,
  RunClosedError,
  RunFailure,
  RunHeldError,
  UnknownRunError,
  type RequestError,
  type RequestErrorCode,
} from "./engine/errors.js";
export { createRegistry, type ProviderRegistry } from "./providers/registry.js";
export { createSqlEventStore } from "./store/sql-events.js";
export { openSql } from "./store/open.js";
export type { Sql } from "./store/sql/types.js";
export { createMemoryEventStore } from "./store/memory-events.js";
export { openDb, dataDir } from "./store/db.js";
export { checkpointInBackground } from "./store/checkpoints.js";
export type { EventStore } from "./store/types.js";
export { verifySignature, type WebhookPayload } from "./notify/webhooks.js";
