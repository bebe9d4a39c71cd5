// The Hono app: middleware in the order it must run, then one sub-app per resource, every
// /api route mounted here. A sub-app built with `new OpenAPIHono()` inherits the 422
// validation hook, the error shape and the OpenAPI document from this one; unknown routes fall
// to the notFound handler and the studio fallback never answers /api paths.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { LiveStats } from "@tandem/shared";
import type { Logger } from "pino";
import { auth } from "../auth/middleware.js";
import type { Runtime } from "../runtime.js";
import { notFound, onError, validationHook } from "./errors.js";
import { securityHeaders } from "./headers.js";
import { jsonDepthLimit } from "./json-depth.js";
import { requestLog } from "./logging.js";
import { authRoutes } from "./routes/auth.js";
import { auditRoutes } from "./routes/audit.js";
import { flowVersionRoutes } from "./routes/flow-versions.js";
import { deploymentRoutes } from "./routes/deployments.js";
import { deploymentCors, isDeploymentRunsPath } from "./routes/deployments-cors.js";
import { deploymentKeyRoutes } from "./routes/deployments-keys.js";
import { deploymentRunRoutes } from "./routes/deployments-runs.js";
import { datasetRoutes } from "./routes/datasets.js";
import { evaluationRoutes } from "./routes/evaluations.js";
import { flowRoutes } from "./routes/flows.js";
import { healthRoutes, healthWhileDatabaseDown } from "./routes/health.js";
import { answerPageRoutes, linkAnswerRoutes, linkCreateRoutes } from "./routes/links.js";
import { modelRoutes } from "./routes/models.js";
import { roleRoutes } from "./routes/roles.js";
import { scheduleRoutes } from "./routes/schedules.js";
import { hostedRoutes, isHostedPath } from "./routes/hosted.js";
import { flowRunRoutes, runsRoutes } from "./routes/runs.js";
import { taskRoutes } from "./routes/tasks.js";
import { toolRoutes } from "./routes/tools.js";
import { userRoutes } from "./routes/users.js";
import { webhookRoutes } from "./routes/webhooks.js";
import { clusterRoutes } from "./routes/cluster.js";
import { windowLimiter } from "../auth/rate-limit.js";
import { bodyLimit, IMPORT_BODY_LIMIT, security, type SecurityOptions } from "./security.js";
import type { SseHub } from "./sse.js";
import { DEFAULT_STUDIO_DIR, mountStudio, studioBuilt } from "./studio.js";

export interface AppDeps {
  runtime: Pick<Runtime, "sql" | "database" | "owners" | "engine" | "flows" | "registry" | "accounts" | "notify" | "events" | "deployments" | "deploymentKeys" | "deploymentStats" | "schedules" | "scheduler" | "datasets" | "evaluations" | "traceUrl">;
  /** The live event streams. */
  sse: SseHub;
  logger: Logger;
  security: SecurityOptions;
  /** TANDEM_TOKEN: required off loopback; a bearer with it is an admin service principal. */
  token?: string;
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
  // A deployment's endpoint judges a browser's origin by the deployment's allowed origins.
  app.use(security(deps.security, isDeploymentRunsPath));
  // The hosted pages set their own (they may be framed where their deployment allows).
  const headers = securityHeaders();
  app.use((c, next) => (isHostedPath(c.req.path) ? next() : headers(c, next)));
  const { engine, flows, registry, accounts, notify, deployments, deploymentKeys: keys, deploymentStats: stats } = deps.runtime;
  const { sse } = deps;
  const liveStats = () => ({ ...sse.stats(), listeners: engine.listenerCount() });
  const health = { registry, sql: deps.runtime.sql, serverId: deps.runtime.owners.id, studioBuilt: () => studioBuilt(studioDir), sse: liveStats, traceUrl: deps.runtime.traceUrl };
  // Before anything that reads the database.
  app.use(healthWhileDatabaseDown(health));
  app.use(deploymentCors(deployments));
  // Before any body is read: who is asking, and whether the route's permission lets them.
  const authOptions = { accounts, host: deps.security.host, token: deps.token };
  app.use(auth(authOptions));
  // An exported run can be far larger than any other request: imports get their own limit.
  const limitBody = bodyLimit(deps.security.bodyLimit);
  const limitImport = bodyLimit(IMPORT_BODY_LIMIT);
  app.use((c, next) => (c.req.path === "/api/runs/import" ? limitImport(c, next) : limitBody(c, next)));
  app.use(jsonDepthLimit());

  const links = { links: notify.links, publicUrl: notify.config.publicUrl, people: accounts };
  app.route("/api/health", healthRoutes(health));
  app.route("/api/auth", authRoutes(authOptions));
  app.route("/api", userRoutes(accounts));
  app.route("/api/roles", roleRoutes(accounts));
  app.route("/api/models", modelRoutes(registry));
  // Saved flows, and starting a run of the latest version of one.
  app.route("/api/flows", flowRoutes(flows).route("/", flowRunRoutes({ engine, flows: { latest: async (id) => flows.get(id) } })));
  app.route("/api/flows", flowVersionRoutes(flows));
  app.route("/api/runs", runsRoutes({ engine, sse }).route("/", linkCreateRoutes(links)));
  app.route("/api/tasks", taskRoutes(engine));
  app.route("/api/tools", toolRoutes(engine.tools));
  app.route("/api/links", linkAnswerRoutes(links));
  app.route("/api/webhooks", webhookRoutes(notify.deliveries));
  app.route("/api/cluster", clusterRoutes({ owners: deps.runtime.owners, database: deps.runtime.database.kind }));
  // The page an answer link opens: outside /api, it is a page for a person, not an API.
  app.route("/answer", answerPageRoutes(links));
  // Runs started per deployment in the last minute, by its endpoint and its hosted page together.
  const limiter = windowLimiter(60_000);
  app.route(
    "/api/deployments",
    deploymentRoutes({ deployments, flows, keys, schedules: deps.runtime.schedules, stats })
      .route("/", deploymentKeyRoutes({ deployments, keys }))
      .route("/", deploymentRunRoutes({ engine, flows, deployments, keys, sse, limiter })),
  );
  app.route("/api/deployments", scheduleRoutes(deps.runtime));
  // A deployment's hosted page: outside /api too, its share token is the credential.
  app.route("/d", hostedRoutes({ engine, flows, deployments, sse, people: accounts, limiter }));
  app.route("/api/datasets", datasetRoutes({ datasets: deps.runtime.datasets, events: deps.runtime.events }));
  app.route("/api/evaluations", evaluationRoutes({ ...deps.runtime, registry }));
  app.route("/api/audit", auditRoutes({ events: deps.runtime.events, accounts, rolesOf: async (userId) => (await accounts.user(userId))?.roles ?? [] }));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Tandem API",
      version: "0.1.0",
      description:
        "Errors are `{ error: { code, message, path?, problems? } }`. On loopback with no accounts every route is open; otherwise send the session cookie " +
        "(with X-CSRF-Token on state-changing requests) or `Authorization: Bearer <personal token or TANDEM_TOKEN>`.",
    },
  });

  mountStudio(app, studioDir);
  return app;
}
