// Pausing, stepping, continuing and cancelling a run.
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { Engine } from "../../../engine/engine.js";
import { body, errorResponses, IdParam, json } from "../../schemas.js";
import { ControlBody, ControlResultSchema } from "./schemas.js";

const control = createRoute({
  method: "post",
  path: "/{id}/control",
  summary: "Pause, step, continue or cancel a run",
  description:
    "`pause`: pause before the next agent or human node. `step`: when paused, run one node and pause again (turns step mode on). " +
    "`continue`: when paused, go on (turns step mode off; breakpoints still hold). `cancel`: stop; the run finishes as cancelled.",
  request: { params: IdParam, body: body(ControlBody) },
  responses: { 200: json(ControlResultSchema, "Done; the run's status now"), ...errorResponses(400, 404, 409, 415, 422) },
});

export function controlRoutes(engine: Engine) {
  return new OpenAPIHono().openapi(control, async (c) => {
    const status = await engine.control(c.req.valid("param").id, c.req.valid("json").action);
    return c.json({ ok: true as const, status }, 200);
  });
}
