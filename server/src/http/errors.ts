// The one error shape of the API, `{ error: { code, message, path?, problems? } }`, and the
// handlers that turn every failure (ours, Hono's, zod's, unknown routes) into it.
import type { Hook } from "@hono/zod-openapi";
import { formatPath, type Problem } from "@tandem/shared";
import type { Context, Env, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";

export interface ErrorBody {
  error: { code: string; message: string; path?: string; problems?: Problem[] };
}

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
  const body: ErrorBody = { error: { code: e.code, message: e.message } };
  if (e.path !== undefined) body.error.path = e.path;
  if (e.problems !== undefined) body.error.problems = e.problems;
  return c.json(body, e.status, e.headers);
}

/** The zod-openapi default hook: any request that fails its schema is a 422 naming the field. */
export const validationHook: Hook<unknown, Env, string, Response | undefined> = (result, c) => {
  if (result.success) return undefined;
  const problems: Problem[] = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    severity: "error",
  }));
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  const where = first.path ? `${first.path}: ` : "";
  return errorResponse(c, new ApiError(422, "invalid_request", `${where}${first.message}${more}`, first.path, problems));
};

export const notFound: NotFoundHandler = (c) =>
  errorResponse(c, new ApiError(404, "not_found", `no route for ${c.req.method} ${c.req.path}`));

// Hono raises these itself (the JSON validator, the media-type gate, the body limit).
const HONO_CODES: Partial<Record<number, [code: string, message: string]>> = {
  400: ["bad_json", "the request body is not valid JSON"],
  413: ["payload_too_large", "the request body is too large"],
  415: ["unsupported_media_type", "send the request body as application/json"],
};

export function onError(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof HTTPException) {
      const [code, message] = HONO_CODES[err.status] ?? ["http_error", err.message];
      return errorResponse(c, new ApiError(err.status as ContentfulStatusCode, code, message));
    }
    // The message of an unexpected error may carry anything, so it goes to the log only.
    logger.error({ err, method: c.req.method, path: c.req.path }, "request failed");
    return errorResponse(c, new ApiError(500, "internal", "internal server error (details are in the server log)"));
  };
}
