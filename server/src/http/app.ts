// The Hono app: middleware in the order it must run, then one sub-app per resource, every
// /api route mounted here. A sub-app built with `new OpenAPIHono()` inherits the 422
// validation hook, the error shape and the OpenAPI document from this one; unknown routes fall
// to the notFound handler and the studio fallback never answers /api paths.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { LiveStats } from "@tandem/shared";
import type { Logger } from "pino";
import type { AuditSources } from "../audit/query.js";
import type { Runtime } from "../runtime.js";
import { notFound, onError, validationHook } from "./errors.js";
import { securityHeaders } from "./headers.js";
import { jsonDepthLimit } from "./json-depth.js";
import { requestLog } from "./logging.js";
import { auditRoutes } from "./routes/audit.js";
import { flowRoutes } from "./routes/flows.js";
import { healthRoutes } from "./routes/health.js";
import { modelRoutes } from "./routes/models.js";
import { flowRunRoutes, runsRoutes } from "./routes/runs.js";
import { taskRoutes } from "./routes/tasks.js";
import { toolRoutes } from "./routes/tools.js";
import { bodyLimit, IMPORT_BODY_LIMIT, security, type SecurityOptions } from "./security.js";
import type { SseHub } from "./sse.js";
import { DEFAULT_STUDIO_DIR, mountStudio, studioBuilt } from "./studio.js";

export interface AppDeps {
  runtime: Pick<Runtime, "engine" | "flows" | "registry" | "events">;
  /** Where the audit finds the accounts log and who holds which role (absent: run entries only). */
  audit?: Omit<AuditSources, "events">;
  /** The live event streams. */
  sse: SseHub;
  logger: Logger;
  security: SecurityOptions;
  /** The built studio; default studio/dist in this repository. */
  studioDir?: string;
}

export type TandemApp = OpenAPIHono;

export function createApp(deps: AppDeps): TandemApp {
  const studioDir = deps.studioDir ?? DEFAULT_STUDIO_DIR;
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.onError(onError(deps.logger));
  app.notFound(notFound);
  app.use(requestLog(deps.logger));
  app.use(security(deps.security));
  app.use(securityHeaders());
  // An exported run can be far larger than any other request: imports get their own limit.
  const limitBody = bodyLimit(deps.security.bodyLimit);
  const limitImport = bodyLimit(IMPORT_BODY_LIMIT);
  app.use((c, next) => (c.req.path === "/api/runs/import" ? limitImport(c, next) : limitBody(c, next)));
  app.use(jsonDepthLimit());

  const { engine, flows, registry } = deps.runtime;
  const { sse } = deps;
  const liveStats = () => ({ ...sse.stats(), listeners: engine.listenerCount() });
  app.route("/api/health", healthRoutes({ registry, studioBuilt: () => studioBuilt(studioDir), sse: liveStats }));
  app.route("/api/models", modelRoutes(registry));
  // Saved flows, and starting a run of the latest version of one.
  app.route("/api/flows", flowRoutes(flows).route("/", flowRunRoutes({ engine, flows: { latest: (id) => flows.get(id) } })));
  app.route("/api/runs", runsRoutes({ engine, sse }));
  app.route("/api/tasks", taskRoutes(engine));
  app.route("/api/tools", toolRoutes(engine.tools));
  app.route("/api/audit", auditRoutes({ events: deps.runtime.events, ...deps.audit }));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Tandem API",
      version: "0.1.0",
      description:
        "Errors are `{ error: { code, message, path?, problems? } }`. A bearer token is required when the server is bound off loopback.",
    },
  });

  mountStudio(app, studioDir);
  return app;
}
