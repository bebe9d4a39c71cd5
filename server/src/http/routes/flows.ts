// /api/flows: list, create, read (any version), save (a new version), delete.
// A flow with graph errors is saved as a draft (`valid: false` with its problems); a
// document that does not parse at all is refused with 422 and nothing is stored.
// Each version keeps who saved it and an optional message (the history: flow-versions.ts).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { MAX_VERSION_MESSAGE, RUN_STATUSES, type CreateFlowRequest, type FlowList, type FlowRecord, type FlowSummary, type SaveFlowRequest, type SavedBy } from "@tandem/shared";
import type { Context } from "hono";
import { actorOf, principalOf } from "../../auth/principal.js";
import type { FlowStore } from "../../store/flows.js";
import { exactly } from "../contract.js";
import { ApiError } from "../errors.js";
import { nextTurn } from "../turns.js";
import { body, errorResponses, FlowDocument, FlowSchema, IdParam, json, ProblemSchema } from "../schemas.js";

const FlowSummarySchema = exactly<FlowSummary>()(
  z
    .object({
      id: z.string(),
      name: z.string(),
      version: z.number().int(),
      createdAt: z.number().openapi({ description: "epoch ms" }),
      updatedAt: z.number().openapi({ description: "epoch ms" }),
      valid: z.boolean(),
      lastRun: z.object({ id: z.string(), status: z.enum(RUN_STATUSES), startedAt: z.number() }).nullable(),
    })
    .openapi("FlowSummary"),
);

export const StoredFlow = exactly<FlowRecord>()(
  z
    .object({
      id: z.string(),
      name: z.string(),
      version: z.number().int().openapi({ description: "The version in this response" }),
      latestVersion: z.number().int(),
      createdAt: z.number(),
      updatedAt: z.number(),
      savedAt: z.number().openapi({ description: "When this version was saved (epoch ms)" }),
      valid: z.boolean().openapi({ description: "No error-severity problems: the flow can run" }),
      problems: z.array(ProblemSchema),
      flow: FlowSchema,
    })
    .openapi("StoredFlow"),
);

const CreateBody = exactly<CreateFlowRequest>()(z.object({ flow: FlowDocument }));

const SaveBody = exactly<SaveFlowRequest>()(
  z.object({
    flow: FlowDocument,
    baseVersion: z.number().int().positive().optional().openapi({ description: "The version this edit started from; 409 if another save came first" }),
    message: z
      .string()
      .trim()
      .max(MAX_VERSION_MESSAGE, `at most ${MAX_VERSION_MESSAGE} characters`)
      .optional()
      .openapi({ description: "What changed and why, shown in the flow's history" }),
  }),
);

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List flows, most recently saved first",
  responses: { 200: json(exactly<FlowList>()(z.object({ flows: z.array(FlowSummarySchema) })), "The flows") },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a flow (version 1)",
  request: { body: body(CreateBody) },
  responses: { 201: json(StoredFlow, "Created"), ...errorResponses(400, 413, 415, 422) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Read a flow: the latest version, or ?version=N",
  request: {
    params: IdParam,
    query: z.object({ version: z.coerce.number().int().positive().optional() }),
  },
  responses: { 200: json(StoredFlow, "The flow"), ...errorResponses(404, 422) },
});

const save = createRoute({
  method: "put",
  path: "/{id}",
  summary: "Save a flow as its next version (renaming is a save)",
  request: {
    params: IdParam,
    body: body(SaveBody),
  },
  responses: { 200: json(StoredFlow, "Saved"), ...errorResponses(400, 404, 409, 413, 415, 422) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete a flow and all its versions (its runs are kept)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(404) },
});

/** The longest name X-Tandem-Name may give, as for an answer's `by`. */
const MAX_NAME = 100;

/**
 * Who saves: the signed-in user, or on a server without accounts the name in X-Tandem-Name
 * (percent-encoded, as a header carries only Latin-1), "someone" without one.
 */
export function savedByOf(c: Context): SavedBy {
  const sent = c.req.header("x-tandem-name");
  const actor = actorOf(principalOf(c), sent ? decodedName(sent) : undefined);
  return { ...(actor.userId ? { userId: actor.userId } : {}), name: actor.name };
}

function decodedName(header: string): string | undefined {
  let name = header;
  try {
    name = decodeURIComponent(header);
  } catch {
    // Not percent-encoded: the header as sent.
  }
  return name.trim().slice(0, MAX_NAME) || undefined;
}

export function missing(id: string, version?: number): never {
  const what = version === undefined ? `flow "${id}"` : `version ${version} of flow "${id}"`;
  throw new ApiError(404, "not_found", `no ${what}`);
}

export function flowRoutes(flows: FlowStore) {
  const found = (id: string, record: FlowRecord | undefined, version?: number) => record ?? missing(id, version);

  return new OpenAPIHono()
    .openapi(list, async (c) => c.json({ flows: await flows.list() }, 200))
    // Reading, storing and answering a big flow each take a while: other requests go between them.
    .openapi(create, async (c) => {
      const flow = c.req.valid("json").flow;
      await nextTurn();
      const record = await flows.create(flow, { by: savedByOf(c) });
      await nextTurn();
      return c.json(record, 201);
    })
    .openapi(read, async (c) => {
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("query");
      const record = found(id, await flows.get(id, version), version);
      await nextTurn();
      return c.json(record, 200);
    })
    .openapi(save, async (c) => {
      const { id } = c.req.valid("param");
      const { flow, baseVersion, message } = c.req.valid("json");
      await nextTurn();
      const record = await flows.save(id, flow, baseVersion, { by: savedByOf(c), message });
      await nextTurn();
      return c.json(found(id, record), 200);
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid("param");
      if (!(await flows.delete(id))) missing(id);
      return c.body(null, 204);
    });
}
