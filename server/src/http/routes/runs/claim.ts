// Claiming a waiting request over HTTP, so that others see someone has taken it on (a signal:
// the other assignees may still answer), and releasing it.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Engine } from "../../../engine/engine.js";
import { body, errorResponses, json, pathParam } from "../../schemas.js";
import { answererOf } from "./answerer.js";
import { RunEventSchema } from "./schemas.js";

const ClaimBody = z
  .object({
    release: z.boolean().optional().openapi({ description: "Let go of the claim instead (the claimer or an admin)" }),
    by: z.string().trim().min(1).max(100).optional().openapi({ description: 'Who claims on a server without accounts (default "someone (HTTP)")' }),
  })
  .strict()
  .openapi("ClaimRequest");

const route = createRoute({
  method: "post",
  path: "/{id}/requests/{requestId}/claim",
  summary: "Claim a waiting question or approval (or release the claim)",
  description:
    "Only who may answer the request claims it. 200 with the task.claimed (or task.released) event. " +
    "409 `already_claimed` naming who holds it (an admin may take it over; releasing needs the claimer or an admin), " +
    "`not_claimed` to release what nobody claimed, `already_answered` or `not_waiting`; 403 `not_assignee` when the request is for others.",
  request: {
    params: z.object({ id: pathParam("id"), requestId: pathParam("requestId") }),
    body: body(ClaimBody),
  },
  responses: {
    200: json(z.object({ event: RunEventSchema }).openapi("ClaimResult"), "The task.claimed or task.released event"),
    ...errorResponses(400, 403, 404, 409, 413, 415, 422),
  },
});

export function claimRoutes(engine: Engine) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const { id, requestId } = c.req.valid("param");
    const { release, by } = c.req.valid("json");
    return c.json({ event: await engine.claimTask(id, requestId, answererOf(c, by), release ?? false) }, 200);
  });
}
