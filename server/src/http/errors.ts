// The one error shape of the API, `{ error: { code, message, path?, problems? } }`, and the
// handlers that turn every failure into it: toApiError maps the engine's errors (by code), the
// flow store's and Hono's; the validation hook, zod's; notFound, unknown routes. Handlers just throw.
import type { Hook } from "@hono/zod-openapi";
import { formatPath, type ApiErrorBody, type Problem } from "@tandem/shared";
import type { Context, Env, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import { EngineError, FlowInvalidError, RunFailure, type RequestError, type RequestErrorCode } from "../engine/errors.js";
import { VersionConflictError } from "../store/flows.js";
import { StoreUnavailableError } from "../store/sql/types.js";
import { withoutLinkToken } from "./logging.js";

/** Throw from any handler or middleware; onError turns it into the error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly path?: string,
    readonly problems?: Problem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function errorResponse(c: Context, e: ApiError): Response {
  const body: ApiErrorBody = { error: { code: e.code, message: e.message } };
  if (e.path !== undefined) body.error.path = e.path;
  if (e.problems !== undefined) body.error.problems = e.problems;
  return c.json(body, e.status, e.headers);
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let v = data;
  for (const k of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * The zod-openapi default hook: any request that fails its schema is a 422 naming the field,
 * every problem listed (an unknown field by its name); but a text field of a body over its
 * length limit is a 413 that says how long it was.
 */
export const validationHook: Hook<unknown, Env, string, Response | undefined> = (result, c) => {
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
  return errorResponse(c, new ApiError(422, "invalid_request", listed(problems), problems[0]!.path, problems));
};

/** "path: message (and 2 more)": the first problem, and how many follow. */
export function listed(problems: readonly Problem[]): string {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return `${first.path ? `${first.path}: ` : ""}${first.message}${more}`;
}

export const notFound: NotFoundHandler = (c) =>
  errorResponse(c, new ApiError(404, "not_found", `no route for ${c.req.method} ${c.req.path}`));

/** Each engine error code's status, and the API's code where it says it another way. */
const ENGINE: Record<RequestErrorCode, [ContentfulStatusCode, string?]> = {
  invalid_flow: [422],
  unknown_run: [404, "not_found"],
  held_elsewhere: [409],
  read_only: [409],
  not_running: [409],
  unknown_request: [404, "not_found"],
  already_answered: [409],
  not_waiting: [409],
  invalid_answer: [422],
  not_assignee: [403],
  forbidden: [403],
  already_voted: [409],
  already_claimed: [409],
  not_claimed: [409],
  invalid_action: [422],
  invalid_fork: [422],
  invalid_export: [422],
  damaged: [409],
  not_finished: [409],
};

// Hono raises these itself (the JSON validator, the media-type gate, the body limit).
const HONO: Partial<Record<number, [code: string, message: string]>> = {
  400: ["bad_json", "the request body is not valid JSON"],
  413: ["payload_too_large", "the request body is too large"],
  415: ["unsupported_media_type", "send the request body as application/json"],
};

/** The API's answer to a failure, or undefined for one it does not know (a 500, logged). */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof FlowInvalidError) return new ApiError(422, err.code, `the flow cannot run: ${listed(err.problems)}`, err.path, err.problems);
  if (err instanceof EngineError && !(err instanceof RunFailure)) {
    const e = err as RequestError;
    const [status, code = e.code] = ENGINE[e.code];
    return new ApiError(status, code, e.message, e.path);
  }
  if (err instanceof VersionConflictError) return new ApiError(409, "version_conflict", err.message);
  // Nothing was changed (or it was rolled back): the client tries again once the database is back.
  if (err instanceof StoreUnavailableError) return new ApiError(503, "database_unavailable", "the database cannot be reached now: try again shortly");
  if (err instanceof HTTPException) {
    const [code, message] = HONO[err.status] ?? ["http_error", err.message];
    return new ApiError(err.status as ContentfulStatusCode, code, message);
  }
  return undefined;
}

export function onError(logger: Logger): ErrorHandler {
  return (err, c) => {
    const known = toApiError(err);
    if (known) return errorResponse(c, known);
    // The message of an unexpected error may carry anything, so it goes to the log only.
    logger.error({ err, method: c.req.method, path: withoutLinkToken(c.req.path) }, "request failed");
    return errorResponse(c, new ApiError(500, "internal", "internal server error (details are in the server log)"));
  };
}
