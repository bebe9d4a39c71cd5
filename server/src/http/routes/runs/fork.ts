// Forking: a new run from another run's events up to a point, with optional changes, going on live.
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { Engine } from "../../../engine/engine.js";
import { body, errorResponses, IdParam, json } from "../../schemas.js";
import { ForkBody, RunCreatedSchema } from "./schemas.js";

const fork = createRoute({
  method: "post",
  path: "/{id}/fork",
  summary: "A new run from another run's events up to `at`, with optional changes, going on live",
  request: { params: IdParam, body: body(ForkBody) },
  responses: { 201: json(RunCreatedSchema, "Forked"), ...errorResponses(400, 404, 413, 415, 422) },
});

export function forkRoutes(engine: Engine) {
  return new OpenAPIHono().openapi(fork, async (c) => c.json({ runId: (await engine.fork(c.req.valid("param").id, c.req.valid("json"))).id }, 201));
}
