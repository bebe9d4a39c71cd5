// GET /api/health: is the server up, is it offline (scripted model only), is the studio built,
// how many live event streams (with their timers and run listeners) are open, and where traces open.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Health, LiveStats } from "@tandem/shared";
import type { ProviderRegistry } from "../../providers/registry.js";
import { exactly } from "../contract.js";
import { json } from "../schemas.js";

const HealthSchema = exactly<Health>()(
  z.object({
    ok: z.literal(true),
    offline: z.boolean().openapi({ description: "No real model provider is configured" }),
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
  responses: { 200: json(HealthSchema, "The server is up") },
});

export function healthRoutes(deps: { registry: ProviderRegistry; studioBuilt: () => boolean; sse?: () => LiveStats; traceUrl?: string }) {
  return new OpenAPIHono().openapi(route, (c) =>
    c.json(
      {
        ok: true as const,
        offline: deps.registry.offline,
        studio: deps.studioBuilt() ? new URL("/", c.req.url).href : "not built yet: run `pnpm build`",
        ...(deps.sse ? { sse: deps.sse() } : {}),
        ...(deps.traceUrl ? { traceUrl: deps.traceUrl } : {}),
      },
      200,
    ),
  );
}
