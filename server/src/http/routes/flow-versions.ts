// /api/flows/{id}/versions: a flow's history (who saved each version, when, and why) and
// restoring an earlier version, which saves its document again as a new version so that
// nothing saved after it is lost.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { FlowVersionInfo, FlowVersionList } from "@tandem/shared";
import type { FlowStore } from "../../store/flows.js";
import { exactly } from "../contract.js";
import { errorResponses, IdParam, json, pathParam } from "../schemas.js";
import { missing, savedByOf, StoredFlow } from "./flows.js";

const VersionInfo = exactly<FlowVersionInfo>()(
  z
    .object({
      version: z.number().int(),
      savedAt: z.number().openapi({ description: "epoch ms" }),
      savedBy: z
        .object({ userId: z.string().optional(), name: z.string() })
        .nullable()
        .openapi({ description: "The account that saved it, or the name given on a server without accounts; null before this was recorded" }),
      message: z.string().nullable(),
      valid: z.boolean(),
    })
    .openapi("FlowVersion"),
);

const list = createRoute({
  method: "get",
  path: "/{id}/versions",
  summary: "List a flow's versions, newest first, with who saved each and why",
  request: { params: IdParam },
  responses: {
    200: json(exactly<FlowVersionList>()(z.object({ versions: z.array(VersionInfo) })), "The versions"),
    ...errorResponses(404),
  },
});

const restore = createRoute({
  method: "post",
  path: "/{id}/versions/{version}/restore",
  summary: "Restore a version: its document is saved again as the newest version",
  description: 'The new version\'s message is "Restored version N"; the versions in between stay in the history.',
  request: {
    params: z.object({
      id: pathParam("id"),
      version: z.coerce.number().int().positive().openapi({ param: { name: "version", in: "path" } }),
    }),
  },
  responses: { 201: json(StoredFlow, "The new latest version"), ...errorResponses(404, 422) },
});

export function flowVersionRoutes(flows: FlowStore) {
  return new OpenAPIHono()
    .openapi(list, async (c) => {
      const { id } = c.req.valid("param");
      return c.json({ versions: (await flows.versions(id)) ?? missing(id) }, 200);
    })
    .openapi(restore, async (c) => {
      const { id, version } = c.req.valid("param");
      return c.json((await flows.restore(id, version, savedByOf(c))) ?? missing(id, version), 201);
    });
}
