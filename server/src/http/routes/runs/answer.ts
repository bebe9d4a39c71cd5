// A person's answer to a waiting human request, over HTTP: taken exactly once, and a retry
// with the same Idempotency-Key gets the same answer back.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Engine } from "../../../engine/engine.js";
import { body, errorResponses, json, pathParam } from "../../schemas.js";
import { AnswerAcceptedSchema, AnswerBody } from "./schemas.js";

const answer = createRoute({
  method: "post",
  path: "/{id}/human/{requestId}",
  summary: "A person's answer to a waiting human request (taken exactly once)",
  description:
    "200 for the one answer taken. 409 when the request was answered already (or timed out) or the run is not waiting for it; " +
    "a retry with the Idempotency-Key of the answer that was taken gets that 200 again, with the same event.",
  request: {
    params: z.object({ id: pathParam("id"), requestId: pathParam("requestId") }),
    headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional().openapi({ description: "Makes a retry safe" }) }),
    body: body(AnswerBody),
  },
  responses: {
    200: json(AnswerAcceptedSchema, "Taken: the human.responded event"),
    ...errorResponses(400, 404, 409, 413, 415, 422),
  },
});

export function answerRoutes(engine: Engine) {
  return new OpenAPIHono().openapi(answer, (c) => {
    const { id, requestId } = c.req.valid("param");
    const { by, outcome, text, edit } = c.req.valid("json");
    const event = engine.answer(id, requestId, { outcome, text, edit }, by ?? "someone (HTTP)", c.req.valid("header")["idempotency-key"]);
    return c.json({ accepted: true as const, event }, 200);
  });
}
