// GET /api/health: is the server up, does its database answer, is it offline (scripted model
// only), is the studio built, how many live event streams (with their timers and run listeners)
// are open, and where traces open. A database that does not answer makes it a 503, so that a
// load balancer sends people to a server that can serve them.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Health, LiveStats } from "@tandem/shared";
import type { MiddlewareHandler } from "hono";
import type { ProviderRegistry } from "../../providers/registry.js";
import type { Sql } from "../../store/sql/types.js";
import { exactly } from "../contract.js";
import { json } from "../schemas.js";

/** How long the database has to answer `SELECT 1`. */
const DATABASE_TIMEOUT_MS = 2_000;

const HealthSchema = exactly<Health>()(
  z.object({
    ok: z.boolean().openapi({ description: "False when the database does not answer" }),
    offline: z.boolean().openapi({ description: "No real model provider is configured" }),
    database: z.object({
      kind: z.enum(["sqlite", "postgres"]),
      ok: z.boolean().openapi({ description: "It answered a query within 2 s" }),
    }),
    serverId: z.string().openapi({ description: "This server among those sharing the database" }),
    studio: z.string().openapi({ description: "The studio's URL, or how to build it" }),
    sse: z
      .object({
        open: z.number().int().openapi({ description: "Open event streams" }),
        timers: z.number().int().openapi({ description: "Their heartbeat timers" }),
        listeners: z.number().int().openapi({ description: "Listeners on live runs (streams, terminals)" }),
      })
      .optional(),
    traceUrl: z.string().optional().openapi({ description: "Where a run's trace opens, {traceId} standing for its trace id (TANDEM_TRACE_URL)" }),
  }),
);

const route = createRoute({
  method: "get",
  path: "/",
  summary: "Server status",
  responses: {
    200: json(HealthSchema, "The server is up and its database answers"),
    503: json(HealthSchema, "The database does not answer"),
  },
});

/** Whether the database answers a query within `ms`. */
export async function databaseAnswers(sql: Sql, ms = DATABASE_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const answered = sql.get("SELECT 1 AS one").then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthDeps {
  registry: ProviderRegistry;
  sql: Sql;
  serverId: string;
  studioBuilt: () => boolean;
  sse?: () => LiveStats;
  traceUrl?: string;
}

function report(deps: HealthDeps, url: string, ok: boolean): Health {
  return {
    ok,
    offline: deps.registry.offline,
    database: { kind: deps.sql.dialect, ok },
    serverId: deps.serverId,
    studio: deps.studioBuilt() ? new URL("/", url).href : "not built yet: run `pnpm build`",
    ...(deps.sse ? { sse: deps.sse() } : {}),
    ...(deps.traceUrl ? { traceUrl: deps.traceUrl } : {}),
  };
}

/**
 * Goes before sign-in is checked, which reads the database: while the database does not answer,
 * health is a 503 to anyone (a load balancer, a probe); while it does, the request goes on to
 * sign-in and the route, as every other does.
 */
export function healthWhileDatabaseDown(deps: HealthDeps): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== "GET" || c.req.path !== "/api/health" || (await databaseAnswers(deps.sql))) return next();
    return c.json(report(deps, c.req.url, false), 503);
  };
}

export function healthRoutes(deps: HealthDeps) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const ok = await databaseAnswers(deps.sql);
    return c.json(report(deps, c.req.url, ok), ok ? 200 : 503);
  });
}
