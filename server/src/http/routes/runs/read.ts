// Reading runs: the list (filtered and paged), one run whole, and its live events as
// Server-Sent Events.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Engine } from "../../../engine/engine.js";
import { UnknownRunError } from "../../../engine/errors.js";
import { ApiError } from "../../errors.js";
import { errorResponses, IdParam, json } from "../../schemas.js";
import { runEventStream, type SseHub } from "../../sse.js";
import { ListQuery, RunListSchema, RunRecordSchema } from "./schemas.js";

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List runs, newest first, filtered and paged",
  request: { query: ListQuery },
  responses: { 200: json(RunListSchema, "The runs"), ...errorResponses(422) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "A run: its summary, its state and all its events",
  request: { params: IdParam },
  responses: { 200: json(RunRecordSchema, "The run"), ...errorResponses(404) },
});

/** What an event stream's route reads and answers (here, and a deployment's runs' streams). */
export const eventStream = {
  description:
    "Stored events after `after` (or the Last-Event-ID header; the later of the two), then live ones as they are stored. " +
    "Each event is `id: <seq>`, `event: <type>`, `data: <the event as JSON>`. A `: heartbeat` comment every 15 s. " +
    "The stream ends after run.finished (at once for a run that is not live: finished or imported).",
  query: z.object({ after: z.coerce.number().int().min(0).optional().openapi({ description: "The last seq the client has" }) }),
  headers: z.object({ "last-event-id": z.string().optional().openapi({ description: "Sent by EventSource on reconnect" }) }),
  response: {
    description: "An event stream",
    content: { "text/event-stream": { schema: z.string().openapi({ example: 'id: 3\nevent: node.started\ndata: {"type":"node.started","seq":3,…}\n\n' }) } },
  },
};

const events = createRoute({
  method: "get",
  path: "/{id}/events",
  summary: "Live events (Server-Sent Events)",
  description: eventStream.description,
  request: { params: IdParam, query: eventStream.query, headers: eventStream.headers },
  responses: { 200: eventStream.response, ...errorResponses(404, 422) },
});

/** Streams run `id`'s events from where the client is (`after`, or the Last-Event-ID it sends). */
export async function streamEvents(c: Context, engine: Engine, sse: SseHub, id: string, after: number | undefined, lastEventId: string | undefined): Promise<Response> {
  // 404 for an unknown run and 409 for a damaged one, before the stream opens.
  if (!(await engine.state(id))) throw new UnknownRunError(id);
  let fromHeader = 0;
  if (lastEventId !== undefined && lastEventId.trim() !== "") {
    fromHeader = Number(lastEventId);
    if (!Number.isInteger(fromHeader) || fromHeader < 0) {
      throw new ApiError(422, "invalid_request", `Last-Event-ID: expected a seq number, got "${lastEventId.slice(0, 40)}"`, "Last-Event-ID");
    }
  }
  // An EventSource reconnects to the same URL (with its ?after) and sends the last id it
  // saw: the later of the two is where the client is.
  return runEventStream(c, engine, sse, id, Math.max(after ?? 0, fromHeader));
}

export function readRoutes({ engine, sse }: { engine: Engine; sse: SseHub }) {
  return new OpenAPIHono()
    .openapi(list, async (c) => {
      const { flow, deployment, status, text, limit, offset } = c.req.valid("query");
      return c.json(await engine.listRuns({ flowId: flow, deployment, status, text, limit, offset }), 200);
    })
    .openapi(read, async (c) => c.json(await engine.runRecord(c.req.valid("param").id), 200))
    .openapi(events, async (c) => streamEvents(c, engine, sse, c.req.valid("param").id, c.req.valid("query").after, c.req.valid("header")["last-event-id"]) as never);
}
