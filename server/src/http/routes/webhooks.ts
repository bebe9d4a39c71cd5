// GET /api/webhooks/deliveries: the webhook delivery log, newest first: every notification sent
// to each webhook, whether it arrived, after how many tries, and why the last one failed.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { DeliveryLog } from "../../store/notify.js";
import { errorResponses, json } from "../schemas.js";

const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: "Sent as X-Tandem-Delivery" }),
    url: z.string(),
    type: z.string().openapi({ example: "task.created" }),
    runId: z.string(),
    requestId: z.string(),
    status: z.enum(["pending", "delivered", "failed"]).openapi({ description: "pending: a retry is due" }),
    attempts: z.number().int(),
    lastStatus: z.number().int().optional().openapi({ description: "The collector's last HTTP status" }),
    lastError: z.string().optional(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("WebhookDelivery");

const route = createRoute({
  method: "get",
  path: "/deliveries",
  summary: "The webhook delivery log (admins), newest first",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
  responses: {
    200: json(z.object({ deliveries: z.array(DeliverySchema) }), "The deliveries"),
    ...errorResponses(422),
  },
});

export function webhookRoutes(deliveries: DeliveryLog) {
  return new OpenAPIHono().openapi(route, async (c) => c.json({ deliveries: await deliveries.list(c.req.valid("query").limit) }, 200));
}
