// Shapes shared by several resources. Routes validate requests with these and the OpenAPI
// document is generated from them, so the two cannot drift apart.
import { z } from "@hono/zod-openapi";
import { Flow, parseFlow, type ApiErrorBody, type ParseResult, type Problem } from "@tandem/shared";
import { exactly } from "./contract.js";
import { parseFlowInTurns } from "./turns.js";

export const ProblemSchema = exactly<Problem>()(z
  .object({
    path: z.string(),
    message: z.string(),
    severity: z.enum(["error", "warning"]),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
  })
  .openapi("Problem"));

export const ErrorSchema = exactly<ApiErrorBody>()(z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string(),
      path: z.string().optional().openapi({ example: "flow.nodes[2].data.model" }),
      problems: z.array(ProblemSchema).optional(),
    }),
  })
  .openapi("Error"));

// zod's own meta, not .openapi(): shared's schemas are built before @hono/zod-openapi adds
// that method, and zod 4 copies methods onto a schema when it is created. Import this one
// rather than registering the id "Flow" again (zod refuses a duplicate id).
export const FlowSchema = Flow.meta({ id: "Flow" });

/**
 * A flow document in a request. It goes through parseFlow, not the bare schema, so that
 * documents of older schema versions are migrated and newer ones get a clear message.
 * Each problem becomes an issue whose path, formatted, reads `flow.nodes[2].data.model`.
 * A big document is checked in slices, with other requests served between them.
 */
export const FlowDocument = z
  .unknown()
  .transform((doc, ctx) => {
    const report = (parsed: ParseResult) => {
      if (parsed.ok) return parsed.flow;
      for (const p of parsed.problems) {
        ctx.addIssue({ code: "custom", message: p.message, path: p.path ? [p.path] : [] });
      }
      return z.NEVER;
    };
    // What is not an object at all is answered at once: the OpenAPI generator probes the
    // schema with a synchronous parse of undefined.
    return typeof doc === "object" && doc !== null ? parseFlowInTurns(doc).then(report) : report(parseFlow(doc));
  })
  .openapi({ allOf: [{ $ref: "#/components/schemas/Flow" }] });

/**
 * A JSON object keyed by ids (`{ "<nodeId>": value }`), read as a Map so that every key is data:
 * zod's record would assign `__proto__` as the object's prototype and lose it. Each value is
 * checked with `value`; an issue's path starts with its key.
 */
export function idMap<T extends z.ZodType>(value: T) {
  return z
    .unknown()
    .transform((doc, ctx) => {
      if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        ctx.addIssue({ code: "custom", message: "expected an object keyed by id" });
        return z.NEVER;
      }
      const out = new Map<string, z.output<T>>();
      for (const [key, v] of Object.entries(doc)) {
        const parsed = value.safeParse(v);
        if (parsed.success) out.set(key, parsed.data);
        else for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
      }
      return out;
    })
    .openapi({ type: "object", additionalProperties: z.toJSONSchema(value, { io: "input" }) as never });
}

export function errorResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422)[]) {
  const descriptions = {
    400: "The body is not valid JSON",
    401: "Sign-in is required: a session cookie or a bearer token",
    403: "Refused: the caller lacks the permission, a missing CSRF token, a foreign Host or a cross-origin request",
    404: "Not found",
    409: "Conflict",
    413: "The body is too large",
    415: "The body is not JSON",
    422: "The request or the flow is invalid; `problems` lists every issue",
  } as const;
  return Object.fromEntries(
    statuses.map((s) => [s, { description: descriptions[s], content: { "application/json": { schema: ErrorSchema } } }]),
  );
}

/** A path parameter, as long as an id may be. */
export const pathParam = (name: string) => z.string().min(1).max(200).openapi({ param: { name, in: "path" } });
export const IdParam = z.object({ id: pathParam("id") });

/** A JSON response. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body. */
export const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });
