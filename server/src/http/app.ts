// The Hono app: middleware in the order it must run, then one sub-app per resource.
//
// More resources are mounted on the returned app with `app.route("/api/…", subApp)`, before
// or after this function returns: unknown routes fall to the notFound handler (which does
// not depend on order) and the studio fallback never answers /api paths. A sub-app built
// with `new OpenAPIHono()` inherits the 422 validation hook, the error shape and the
// OpenAPI document from this one.
import { OpenAPIHono } from "@hono/zod-openapi";
import { secureHeaders } from "hono/secure-headers";
import type { LiveStats } from "@tandem/shared";
import type { Logger } from "pino";
import type { ProviderRegistry } from "../providers/registry.js";
import type { FlowStore } from "../store/flows.js";
import { notFound, onError, validationHook } from "./errors.js";
import { requestLog } from "./logging.js";
import { flowRoutes } from "./routes/flows.js";
import { healthRoutes } from "./routes/health.js";
import { modelRoutes } from "./routes/models.js";
import { bodyLimit, IMPORT_BODY_LIMIT, security, type SecurityOptions } from "./security.js";
import { DEFAULT_STUDIO_DIR, mountStudio, studioBuilt } from "./studio.js";

export interface AppDeps {
  flows: FlowStore;
  registry: ProviderRegistry;
  logger: Logger;
  security: SecurityOptions;
  /** The built studio; default studio/dist in this repository. */
  studioDir?: string;
  /** Open event streams and run listeners, shown by /api/health. */
  sse?: () => LiveStats;
}

export type TandemApp = OpenAPIHono;

export function createApp(deps: AppDeps): TandemApp {
  const studioDir = deps.studioDir ?? DEFAULT_STUDIO_DIR;
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.onError(onError(deps.logger));
  app.notFound(notFound);
  app.use(requestLog(deps.logger));
  app.use(security(deps.security));
  // No HSTS: the server speaks plain HTTP on loopback; a TLS proxy in front can add it.
  app.use(secureHeaders({ strictTransportSecurity: false }));
  // An exported run can be far larger than any other request: imports get their own limit.
  const limitBody = bodyLimit(deps.security.bodyLimit);
  const limitImport = bodyLimit(IMPORT_BODY_LIMIT);
  app.use((c, next) => (c.req.path === "/api/runs/import" ? limitImport(c, next) : limitBody(c, next)));

  app.route("/api/health", healthRoutes({ registry: deps.registry, studioBuilt: () => studioBuilt(studioDir), sse: deps.sse }));
  app.route("/api/models", modelRoutes(deps.registry));
  app.route("/api/flows", flowRoutes(deps.flows));

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
