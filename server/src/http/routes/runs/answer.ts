// A person's answer to a waiting human request, over HTTP: taken exactly once, and a retry
// with the same Idempotency-Key gets the same answer back.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Engine } from "../../../engine/engine.js";
import { readingAfter } from "../../../engine/reading-wait.js";
import { body, errorResponses, json, pathParam } from "../../schemas.js";
import { answererOf } from "./answerer.js";
import { AnswerAcceptedSchema, AnswerBody, IdempotencyHeaders } from "./schemas.js";

/** How long an answer waits to say how its text was read (a model judge can be slow); after that it says nothing. */
const READING_WAIT_MS = 15_000;

const answer = createRoute({
  method: "post",
  path: "/{id}/human/{requestId}",
  summary: "A person's answer to a waiting human request (taken exactly once)",
  description:
    "200 for the one answer taken. 409 when the request was answered already (or timed out) or the run is not waiting for it; " +
    "a retry with the Idempotency-Key of the answer that was taken gets that 200 again, with the same event. " +
    "A free-text answer on a step that routes on outcomes is read by a judge: the response then says how (`reading`), " +
    "and `reading.confirm.requestId` is the request to answer with an outcome to correct it before the run goes on. " +
    "403 `not_assignee` when the request is assigned to others (an admin may answer it, recorded as such). " +
    "On a quorum question the answer is a vote (409 `already_voted` for a second one): the event is human.voted, or human.responded once the votes decide.",
  request: {
    params: z.object({ id: pathParam("id"), requestId: pathParam("requestId") }),
    headers: IdempotencyHeaders,
    body: body(AnswerBody),
  },
  responses: {
    200: json(AnswerAcceptedSchema, "Taken: the human.responded event"),
    ...errorResponses(400, 403, 404, 409, 413, 415, 422),
  },
});

export function answerRoutes(engine: Engine) {
  return new OpenAPIHono().openapi(answer, async (c) => {
    const { id, requestId } = c.req.valid("param");
    const { by, outcome, text, edit, fallback } = c.req.valid("json");
    const event = await engine.answer(id, requestId, { outcome, text, edit, fallback }, answererOf(c, by), c.req.valid("header")["idempotency-key"]);
    // Free text with no outcome may be read by the judge: say how, so the caller can correct it.
    const run = event.type === "human.responded" && event.outcome === undefined && event.text ? engine.get(id) : undefined;
    const reading = run && (await readingAfter(run, event.seq, (after) => engine.events(id, after), READING_WAIT_MS));
    return c.json({ accepted: true as const, event, ...(reading ? { reading } : {}) }, 200);
  });
}
