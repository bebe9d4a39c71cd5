// /api/runs: start runs, list and read them, stream their events, answer people, control.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { formatPath, type RunStatus } from "@tandem/shared";
import { Engine, FlowInvalidError } from "../../engine/engine.js";
import { AnswerError, ControlError, ForkError } from "../../engine/errors.js";
import { exportRun } from "../../store/export.js";
import { importRun } from "../../store/import.js";
import { ApiError } from "../errors.js";
import { runEventStream } from "../sse.js";

export const MAX_INPUT_CHARS = 100_000;

const StartBody = z.object({
  input: z.string().max(MAX_INPUT_CHARS, `input is longer than ${MAX_INPUT_CHARS} characters`),
  stepMode: z.boolean().optional(),
  breakpoints: z.array(z.string().min(1)).optional(),
});
const InlineStartBody = StartBody.extend({ flow: z.unknown() });
const AnswerBody = z
  .object({
    choice: z.string().min(1).optional(),
    text: z.string().max(MAX_INPUT_CHARS, `text is longer than ${MAX_INPUT_CHARS} characters`).optional(),
    edit: z.string().max(MAX_INPUT_CHARS, `edit is longer than ${MAX_INPUT_CHARS} characters`).optional(),
    by: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
const Answer = z.object({ choice: z.string().min(1).optional(), text: z.string().max(MAX_INPUT_CHARS).optional(), edit: z.string().max(MAX_INPUT_CHARS).optional() }).strict();
const ForkBody = z
  .object({
    at: z.number().int().positive(),
    answer: Answer.optional(),
    edits: z.array(z.object({ seq: z.number().int().positive(), content: z.string().max(MAX_INPUT_CHARS) })).optional(),
    nodes: z
      .record(z.string(), z.object({ systemMessage: z.string().optional(), model: z.string().optional(), temperature: z.number().min(0).max(2).optional() }).strict())
      .optional(),
  })
  .strict();
const ControlBody = z.object({ action: z.enum(["pause", "step", "continue", "cancel"]) });
const STATUSES = ["running", "waiting", "paused", "completed", "failed", "cancelled"] as const;
const ListQuery = z.object({
  flow: z.string().optional(),
  status: z.enum(STATUSES).optional(),
  text: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Parses a JSON body with a zod schema; errors name the field. */
async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, "bad_json", "the request body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = formatPath(issue.path);
    const tooLong = issue.code === "too_big" && typeof raw === "object";
    throw new ApiError(tooLong ? 413 : 422, tooLong ? "too_large" : "invalid", path ? `${path}: ${issue.message}` : issue.message, path);
  }
  return parsed.data;
}

function flowProblems(e: unknown): never {
  if (e instanceof FlowInvalidError) {
    throw new ApiError(422, "invalid_flow", `the flow is not valid: ${e.problems[0]?.path ? `${e.problems[0].path}: ` : ""}${e.problems[0]?.message}`, undefined, e.problems);
  }
  throw e;
}

export interface FlowSource {
  /** The latest version of a saved flow, or undefined. */
  latest(id: string): { flow: unknown; version: number } | undefined;
}

export function runsRoutes(engine: Engine) {
  const app = new OpenAPIHono();
  const state = (id: string) => {
    const s = engine.state(id);
    if (!s) throw new ApiError(404, "not_found", `unknown run "${id}"`);
    return s;
  };

  app.post("/", async (c) => {
    const b = await body(c, InlineStartBody);
    try {
      const run = engine.start(b.flow, b.input, { options: { stepMode: b.stepMode, breakpoints: b.breakpoints } });
      return c.json({ runId: run.id }, 201);
    } catch (e) {
      return flowProblems(e);
    }
  });

  app.get("/", (c) => {
    const q = ListQuery.safeParse(c.req.query());
    if (!q.success) {
      const issue = q.error.issues[0]!;
      throw new ApiError(422, "invalid", `${formatPath(issue.path)}: ${issue.message}`, formatPath(issue.path));
    }
    const { flow, status, text, limit, offset } = q.data;
    return c.json(engine.store.listRuns({ flowId: flow, status: status as RunStatus | undefined, text, limit, offset }));
  });

  app.post("/import", async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiError(400, "bad_json", "the request body is not valid JSON");
    }
    const result = importRun(engine.store, raw);
    if (!result.ok) throw new ApiError(422, "invalid_export", result.message, result.path);
    return c.json({ runId: result.runId }, 201);
  });

  app.get("/:id", (c) => {
    const id = c.req.param("id");
    const s = state(id);
    return c.json({ run: engine.store.run(id), state: s, events: engine.store.events(id) });
  });

  app.get("/:id/events", (c) => {
    const id = c.req.param("id");
    state(id);
    const raw = c.req.query("after") ?? c.req.header("Last-Event-ID") ?? "0";
    const after = Number(raw);
    if (!Number.isInteger(after) || after < 0) throw new ApiError(422, "invalid", `after: expected a seq number, got "${raw}"`, "after");
    return runEventStream(c, engine, id, after);
  });

  app.get("/:id/export", (c) => {
    const id = c.req.param("id");
    state(id);
    c.header("Content-Disposition", `attachment; filename="run-${id}.json"`);
    return c.json(exportRun(engine.store, id));
  });

  app.post("/:id/human/:requestId", async (c) => {
    const id = c.req.param("id");
    const requestId = c.req.param("requestId");
    const s = state(id);
    const key = c.req.header("Idempotency-Key") || undefined;
    const b = await body(c, AnswerBody);
    const request = s.requests[requestId];
    if (key && request?.key === key && request.answerSeq) {
      // A retry of an answer that was taken: the same reply again.
      return c.json({ accepted: true, event: engine.store.events(id, request.answerSeq - 1)[0] });
    }
    const run = engine.get(id);
    if (!run) {
      if (!request) throw new ApiError(404, "not_found", `run ${id} has no human request "${requestId}"`);
      throw new ApiError(409, "not_waiting", request.answeredBy ? `this request was already answered by ${request.answeredBy}` : `run ${id} is ${s.status}`);
    }
    try {
      const event = run.answer(requestId, { choice: b.choice, text: b.text, edit: b.edit }, b.by ?? "someone (HTTP)", key);
      return c.json({ accepted: true, event });
    } catch (e) {
      if (e instanceof AnswerError) {
        const status = e.code === "unknown_request" ? 404 : e.code === "invalid_answer" ? 422 : 409;
        throw new ApiError(status, e.code, e.message, e.path);
      }
      throw e;
    }
  });

  app.post("/:id/fork", async (c) => {
    const id = c.req.param("id");
    state(id);
    const b = await body(c, ForkBody);
    try {
      const run = engine.fork(id, b);
      return c.json({ runId: run.id }, 201);
    } catch (e) {
      if (e instanceof ForkError) throw new ApiError(422, "invalid_fork", e.message, e.path);
      if (e instanceof AnswerError) throw new ApiError(422, e.code, `answer: ${e.message}`, "answer");
      return flowProblems(e);
    }
  });

  app.post("/:id/control", async (c) => {
    const id = c.req.param("id");
    const s = state(id);
    const { action } = await body(c, ControlBody);
    const run = engine.get(id);
    if (!run) throw new ApiError(409, "not_running", `run ${id} is ${s.status}`);
    try {
      run.control(action);
    } catch (e) {
      if (e instanceof ControlError) throw new ApiError(e.code === "not_running" ? 409 : 422, e.code, e.message);
      throw e;
    }
    return c.json({ ok: true, status: run.state.status });
  });

  return app;
}

/** POST /api/flows/:id/runs — mounted by the flows routes' owner or the app. */
export function startSavedFlow(engine: Engine, flows: FlowSource) {
  return async (c: Context) => {
    const id = c.req.param("id")!;
    const saved = flows.latest(id);
    if (!saved) throw new ApiError(404, "not_found", `unknown flow "${id}"`);
    const b = await body(c, StartBody);
    try {
      const run = engine.start(saved.flow, b.input, {
        flowId: id,
        flowVersion: saved.version,
        options: { stepMode: b.stepMode, breakpoints: b.breakpoints },
      });
      return c.json({ runId: run.id }, 201);
    } catch (e) {
      return flowProblems(e);
    }
  };
}
