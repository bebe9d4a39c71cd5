// /api/runs: start runs (of an inline flow, or of a saved one under /api/flows/:id/runs),
// list and read them, stream their events, answer people, control, fork, export and import.
// Every route is a createRoute definition: requests are validated with the same zod schemas
// the OpenAPI document is generated from.
import { OpenAPIHono, createRoute, z, type Hook } from "@hono/zod-openapi";
import type { Env } from "hono";
import { fold, formatPath, isFinished, type Flow, type Problem, type RunState } from "@tandem/shared";
import { Engine, FlowInvalidError, RunHeldError, checkFlow } from "../../engine/engine.js";
import type { Run } from "../../engine/run.js";
import { AnswerError, ControlError, ForkError } from "../../engine/errors.js";
import { exportRun } from "../../store/export.js";
import { importRun } from "../../store/import.js";
import { ApiError, errorResponse } from "../errors.js";
import { errorResponses, FlowDocument } from "../schemas.js";
import { runEventStream, SseHub } from "../sse.js";

/** The longest input, reply or edited message a request may carry, in characters. */
export const MAX_INPUT_CHARS = 100_000;

const STATUSES = ["running", "waiting", "paused", "completed", "failed", "cancelled"] as const;
const EVENT_TYPES = [
  "run.started", "node.started", "message.delta", "llm.request", "llm.retry", "llm.response", "message",
  "human.requested", "human.responded", "human.timed_out", "route.taken", "run.paused", "run.resumed", "run.finished",
] as const;

// ---------------------------------------------------------------- shapes

const longText = (description: string) => z.string().max(MAX_INPUT_CHARS).openapi({ description });

const RunEventSchema = z
  .object({
    seq: z.number().int().positive().openapi({ description: "Position in the run's log, from 1" }),
    at: z.number().openapi({ description: "epoch ms" }),
    type: z.enum(EVENT_TYPES),
  })
  .catchall(z.unknown())
  .openapi("RunEvent", {
    description: "One event of a run's log; the fields besides seq, at and type depend on the type (see docs/api.md and shared/src/events.ts)",
  });

const RunSummary = z
  .object({
    id: z.string(),
    flowId: z.string().nullable().openapi({ description: "The saved flow the run was started from (null for an inline flow)" }),
    flowVersion: z.number().int().nullable().openapi({ description: "The version of that flow the run ran" }),
    flowName: z.string(),
    input: z.string(),
    status: z.enum(STATUSES),
    waitingNode: z.string().nullable().openapi({ description: "The human node the run waits for" }),
    steps: z.number().int(),
    tokens: z.number().int(),
    lastSeq: z.number().int(),
    parentRunId: z.string().nullable().openapi({ description: "Set on a fork" }),
    parentSeq: z.number().int().nullable(),
    imported: z.boolean().openapi({ description: "Taken in by POST /api/runs/import: read-only" }),
    startedAt: z.number(),
    updatedAt: z.number(),
    finishedAt: z.number().nullable(),
  })
  .openapi("RunSummary");

const RunStateSchema = z
  .object({
    runId: z.string(),
    status: z.enum(STATUSES),
    lastSeq: z.number().int(),
    pending: z
      .object({
        requestId: z.string(),
        nodeId: z.string(),
        instructions: z.string(),
        choices: z.array(z.string()),
        allowText: z.boolean(),
        allowEdit: z.boolean(),
        deadline: z.number().optional(),
        defaultChoice: z.string().optional(),
      })
      .catchall(z.unknown())
      .nullable()
      .openapi({ description: "The question a person is asked now" }),
    messages: z.array(z.object({ seq: z.number(), nodeId: z.string(), role: z.enum(["user", "assistant"]), name: z.string(), content: z.string() }).catchall(z.unknown())),
  })
  .catchall(z.unknown())
  .openapi("RunState", { description: "The run's events folded by the shared reducer (shared/src/state.ts)" });

const RunExportSchema = z
  .object({
    format: z.literal("tandem.run"),
    version: z.literal(1),
    exportedAt: z.string(),
    run: z.object({
      id: z.string(),
      flowName: z.string(),
      status: z.string(),
      input: z.string(),
      startedAt: z.number(),
      finishedAt: z.number().nullable(),
    }),
    events: z.array(RunEventSchema),
  })
  .openapi("RunExport");

const Created = z.object({ runId: z.string() }).openapi("RunCreated");

const startFields = {
  input: longText(`The run's input: the first message (at most ${MAX_INPUT_CHARS} characters)`),
  stepMode: z.boolean().optional().openapi({ description: "Pause before every agent and human node" }),
  breakpoints: z.array(z.string().min(1)).max(1000).optional().openapi({ description: "Node ids to pause before" }),
};
const StartBody = z.object(startFields).strict().openapi("StartRun");
const InlineStartBody = z.object({ flow: FlowDocument, ...startFields }).strict().openapi("StartInlineRun");

const HumanAnswerSchema = z
  .object({
    choice: z.string().min(1).optional().openapi({ description: "One of the choices the node offers" }),
    text: longText("A free-text reply, where the node allows it").optional(),
    edit: longText("The reviewed message as the person rewrote it, where the node allows it").optional(),
  })
  .strict();
const AnswerBody = HumanAnswerSchema.extend({
  by: z.string().trim().min(1).max(100).optional().openapi({ description: 'Who answers (default "someone (HTTP)")' }),
})
  .strict()
  .openapi("HumanAnswer");

const ForkBody = z
  .object({
    at: z.number().int().positive().openapi({ description: "The last event (seq) of the parent that the fork keeps" }),
    answer: HumanAnswerSchema.optional().openapi({ description: "Answer to the question waiting at `at`" }),
    edits: z
      .array(z.object({ seq: z.number().int().positive(), content: longText("The message's new content") }).strict())
      .max(1000)
      .optional()
      .openapi({ description: "Rewritten messages: the seq of a message event at or before `at`" }),
    nodes: z
      .record(
        z.string(),
        z.object({ systemMessage: longText("New system message").optional(), model: z.string().optional(), temperature: z.number().min(0).max(2).optional() }).strict(),
      )
      .optional()
      .openapi({ description: "New settings for agent nodes, by node id" }),
  })
  .strict()
  .openapi("ForkRun");

const ControlBody = z
  .object({ action: z.enum(["pause", "step", "continue", "cancel"]) })
  .strict()
  .openapi("RunControl");

const ListQuery = z.object({
  flow: z.string().max(200).optional().openapi({ description: "Only runs of this saved flow" }),
  status: z.enum(STATUSES).optional(),
  text: z.string().max(200).optional().openapi({ description: "Only runs whose input or messages contain this (case-insensitive)" }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const pathParam = (name: string) => z.string().min(1).max(200).openapi({ param: { name, in: "path" } });
const IdParam = z.object({ id: pathParam("id") });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

// ---------------------------------------------------------------- routes

const startInline = createRoute({
  method: "post",
  path: "/",
  summary: "Start a run of an inline flow",
  description: "The flow is checked first (shape and graph); a flow with errors never starts and every problem is listed.",
  request: { body: body(InlineStartBody) },
  responses: { 201: json(Created, "Started"), ...errorResponses(400, 413, 415, 422) },
});

const startSaved = createRoute({
  method: "post",
  path: "/{id}/runs",
  summary: "Start a run of the latest version of a saved flow",
  description: "The run records the flow id and version it ran (`flowId`, `flowVersion`).",
  request: { params: IdParam, body: body(StartBody) },
  responses: { 201: json(Created, "Started"), ...errorResponses(400, 404, 413, 415, 422) },
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List runs, newest first, filtered and paged",
  request: { query: ListQuery },
  responses: {
    200: json(z.object({ runs: z.array(RunSummary), total: z.number().int().openapi({ description: "Runs matching the filters, all pages" }) }), "The runs"),
    ...errorResponses(422),
  },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "A run: its summary, its state and all its events",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ run: RunSummary, state: RunStateSchema, events: z.array(RunEventSchema) }), "The run"),
    ...errorResponses(404),
  },
});

const events = createRoute({
  method: "get",
  path: "/{id}/events",
  summary: "Live events (Server-Sent Events)",
  description:
    "Stored events after `after` (or the Last-Event-ID header; the later of the two), then live ones as they are stored. " +
    "Each event is `id: <seq>`, `event: <type>`, `data: <the event as JSON>`. A `: heartbeat` comment every 15 s. " +
    "The stream ends after run.finished (at once for a run that is not live: finished or imported).",
  request: {
    params: IdParam,
    query: z.object({ after: z.coerce.number().int().min(0).optional().openapi({ description: "The last seq the client has" }) }),
    headers: z.object({ "last-event-id": z.string().optional().openapi({ description: "Sent by EventSource on reconnect" }) }),
  },
  responses: {
    200: {
      description: "An event stream",
      content: { "text/event-stream": { schema: z.string().openapi({ example: 'id: 3\nevent: node.started\ndata: {"type":"node.started","seq":3,…}\n\n' }) } },
    },
    ...errorResponses(404, 422),
  },
});

const exportRoute = createRoute({
  method: "get",
  path: "/{id}/export",
  summary: "The run as one JSON document (its events, which hold the flow snapshot)",
  request: { params: IdParam },
  responses: { 200: json(RunExportSchema, "The export"), ...errorResponses(404) },
});

const importRoute = createRoute({
  method: "post",
  path: "/import",
  summary: "Take back an exported run, as a new read-only run",
  description: "The run gets a new id; its events are the exported ones (only run.started's runId differs). It is never continued.",
  request: {
    body: body(z.unknown().openapi({ allOf: [{ $ref: "#/components/schemas/RunExport" }] })),
  },
  responses: { 201: json(Created, "Imported"), ...errorResponses(400, 413, 415, 422) },
});

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
    200: json(z.object({ accepted: z.literal(true), event: RunEventSchema }), "Taken: the human.responded event"),
    ...errorResponses(400, 404, 409, 413, 415, 422),
  },
});

const control = createRoute({
  method: "post",
  path: "/{id}/control",
  summary: "Pause, step, continue or cancel a run",
  description:
    "`pause`: pause before the next agent or human node. `step`: when paused, run one node and pause again (turns step mode on). " +
    "`continue`: when paused, go on (turns step mode off; breakpoints still hold). `cancel`: stop; the run finishes as cancelled.",
  request: { params: IdParam, body: body(ControlBody) },
  responses: {
    200: json(z.object({ ok: z.literal(true), status: z.enum(STATUSES) }), "Done; the run's status now"),
    ...errorResponses(400, 404, 409, 415, 422),
  },
});

const fork = createRoute({
  method: "post",
  path: "/{id}/fork",
  summary: "A new run from another run's events up to `at`, with optional changes, going on live",
  request: { params: IdParam, body: body(ForkBody) },
  responses: { 201: json(Created, "Forked"), ...errorResponses(400, 404, 413, 415, 422) },
});

// ---------------------------------------------------------------- validation errors

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let v = data;
  for (const k of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * Like the app's hook (422 naming the field, every problem listed), but a text field over
 * its length limit is a 413 that says how long it was, and an unknown field is named.
 */
const runsHook: Hook<unknown, Env, string, Response | undefined> = (result, c) => {
  if (result.success) return undefined;
  const issues = result.error.issues;
  const long = issues.find((i) => i.code === "too_big" && i.origin === "string");
  if (long && long.code === "too_big" && result.target === "json") {
    const path = formatPath(long.path);
    const value = valueAt((result as { data?: unknown }).data, long.path);
    const length = typeof value === "string" ? `${value.length} characters long` : "too long";
    return errorResponse(c, new ApiError(413, "too_long", `${path} is ${length}; the limit is ${String(long.maximum)} characters`, path));
  }
  const problems: Problem[] = issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((k) => ({ path: formatPath([...issue.path, k]), message: `unknown field "${k}"`, severity: "error" as const }))
      : [{ path: formatPath(issue.path), message: issue.message, severity: "error" as const }],
  );
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return errorResponse(c, new ApiError(422, "invalid_request", `${first.path ? `${first.path}: ` : ""}${first.message}${more}`, first.path, problems));
};

/** A flow that cannot run: 422 with every problem, paths under `prefix`. */
function flowProblems(e: unknown, prefix: string): never {
  if (!(e instanceof FlowInvalidError)) throw e;
  const problems = e.problems.map((p) => ({ ...p, path: p.path ? `${prefix}${p.path}` : prefix.replace(/\.$/, "") }));
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  throw new ApiError(422, "invalid_flow", `the flow cannot run: ${first.path ? `${first.path}: ` : ""}${first.message}${more}`, first.path, problems);
}

/** Breakpoints must name nodes of the flow. */
function checkBreakpoints(flow: Flow, breakpoints: string[] | undefined): void {
  const ids = new Set(flow.nodes.map((n) => n.id));
  const i = (breakpoints ?? []).findIndex((b) => !ids.has(b));
  if (i >= 0) {
    const path = `breakpoints[${i}]`;
    throw new ApiError(422, "invalid_request", `${path}: the flow has no node "${breakpoints![i]}"`, path, [
      { path, message: `the flow has no node "${breakpoints![i]}"`, severity: "error" },
    ]);
  }
}

function startOptions(b: { stepMode?: boolean; breakpoints?: string[] }) {
  return {
    ...(b.stepMode !== undefined ? { stepMode: b.stepMode } : {}),
    ...(b.breakpoints !== undefined ? { breakpoints: b.breakpoints } : {}),
  };
}

export interface FlowSource {
  /** The latest version of a saved flow, or undefined. */
  latest(id: string): { flow: unknown; version: number } | undefined;
}

export interface RunsDeps {
  engine: Engine;
  sse: SseHub;
}

export function runsRoutes({ engine, sse }: RunsDeps) {
  const app = new OpenAPIHono({ defaultHook: runsHook });
  const state = (id: string) => {
    const s = engine.state(id);
    if (!s) throw new ApiError(404, "not_found", `unknown run "${id}"`);
    return s;
  };
  /**
   * Only a run that goes on takes answers or control: finished and imported ones do not. An
   * unfinished one that this process does not drive is taken over by the engine, unless
   * another live process drives it.
   */
  const checkOpen = (id: string, s: RunState) => {
    if (engine.get(id)) return;
    if (engine.store.run(id)?.imported) throw new ApiError(409, "read_only", `run ${id} was imported: it is read-only (fork it to go on)`);
    if (isFinished(s)) throw new ApiError(409, "not_running", `run ${id} is ${s.status}`);
  };
  const heldElsewhere = (e: unknown) => {
    if (e instanceof RunHeldError) throw new ApiError(409, "held_elsewhere", e.message);
  };

  app.openapi(startInline, (c) => {
    const b = c.req.valid("json");
    checkBreakpoints(b.flow, b.breakpoints);
    try {
      const run = engine.start(b.flow, b.input, { options: startOptions(b) });
      return c.json({ runId: run.id }, 201);
    } catch (e) {
      return flowProblems(e, "flow.");
    }
  });

  app.openapi(list, (c) => {
    const { flow, status, text, limit, offset } = c.req.valid("query");
    const { runs, total } = engine.store.listRuns({ flowId: flow, status, text, limit, offset });
    return c.json({ runs, total }, 200);
  });

  app.openapi(importRoute, (c) => {
    const result = importRun(engine.store, c.req.valid("json"));
    if (!result.ok) throw new ApiError(422, "invalid_export", result.path ? `${result.path}: ${result.message}` : result.message, result.path);
    return c.json({ runId: result.runId }, 201);
  });

  app.openapi(read, (c) => {
    const { id } = c.req.valid("param");
    // The events are read once and serve both: a long run's log is the costly part.
    const events = engine.store.events(id);
    if (events.length === 0) throw new ApiError(404, "not_found", `unknown run "${id}"`);
    return c.json({ run: engine.store.run(id)!, state: engine.get(id)?.state ?? fold(events), events }, 200);
  });

  app.openapi(events, (c) => {
    const { id } = c.req.valid("param");
    state(id);
    const header = c.req.valid("header")["last-event-id"];
    let fromHeader = 0;
    if (header !== undefined && header.trim() !== "") {
      fromHeader = Number(header);
      if (!Number.isInteger(fromHeader) || fromHeader < 0) {
        throw new ApiError(422, "invalid_request", `Last-Event-ID: expected a seq number, got "${header.slice(0, 40)}"`, "Last-Event-ID");
      }
    }
    // An EventSource reconnects to the same URL (with its ?after) and sends the last id it
    // saw: the later of the two is where the client is.
    const after = Math.max(c.req.valid("query").after ?? 0, fromHeader);
    return runEventStream(c, engine, sse, id, after) as never;
  });

  app.openapi(exportRoute, (c) => {
    const { id } = c.req.valid("param");
    state(id);
    c.header("Content-Disposition", `attachment; filename="run-${id}.json"`);
    return c.json(exportRun(engine.store, id), 200);
  });

  app.openapi(answer, (c) => {
    const { id, requestId } = c.req.valid("param");
    const key = c.req.valid("header")["idempotency-key"];
    const b = c.req.valid("json");
    const s = state(id);
    const request = s.requests[requestId];
    if (!request) throw new ApiError(404, "not_found", `run ${id} has no human request "${requestId}"`);
    // An answered request says so (or repeats a retried answer), whatever became of the run.
    if (!request.answeredBy) checkOpen(id, s);
    try {
      const event = engine.answer(id, requestId, { choice: b.choice, text: b.text, edit: b.edit }, b.by ?? "someone (HTTP)", key);
      return c.json({ accepted: true as const, event }, 200);
    } catch (e) {
      if (e instanceof AnswerError) {
        const status = e.code === "unknown_request" ? 404 : e.code === "invalid_answer" ? 422 : 409;
        throw new ApiError(status, e.code, e.message, e.path);
      }
      heldElsewhere(e);
      throw e;
    }
  });

  app.openapi(control, async (c) => {
    const { id } = c.req.valid("param");
    const { action } = c.req.valid("json");
    checkOpen(id, state(id));
    let run: Run;
    try {
      run = engine.control(id, action);
    } catch (e) {
      if (e instanceof ControlError) throw new ApiError(e.code === "not_running" ? 409 : 422, e.code, e.message);
      heldElsewhere(e);
      throw e;
    }
    // A cancel is done when the run has recorded it.
    if (action === "cancel") await run.done;
    return c.json({ ok: true as const, status: run.state.status }, 200);
  });

  app.openapi(fork, (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    state(id);
    try {
      const run = engine.fork(id, b);
      return c.json({ runId: run.id }, 201);
    } catch (e) {
      if (e instanceof ForkError) throw new ApiError(422, "invalid_fork", e.message, e.path);
      if (e instanceof AnswerError) throw new ApiError(422, "invalid_answer", `answer: ${e.message}`, e.path ? `answer.${e.path}` : "answer");
      return flowProblems(e, "");
    }
  });

  return app;
}

/** POST /api/flows/:id/runs, mounted under /api/flows. */
export function flowRunRoutes({ engine, flows }: { engine: Engine; flows: FlowSource }) {
  const app = new OpenAPIHono({ defaultHook: runsHook });
  app.openapi(startSaved, (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    const saved = flows.latest(id);
    if (!saved) throw new ApiError(404, "not_found", `unknown flow "${id}"`);
    let flow: Flow;
    try {
      flow = checkFlow(saved.flow);
    } catch (e) {
      return flowProblems(e, "");
    }
    checkBreakpoints(flow, b.breakpoints);
    const run = engine.start(flow, b.input, { flowId: id, flowVersion: saved.version, options: startOptions(b) });
    return c.json({ runId: run.id }, 201);
  });
  return app;
}
