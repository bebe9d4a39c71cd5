// A run as one JSON document, out (export) and back in (import, as a new read-only run), and
// deleting one that is done with.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Engine } from "../../../engine/engine.js";
import { body, errorResponses, IdParam, json } from "../../schemas.js";
import { RunCreatedSchema, RunExportSchema } from "./schemas.js";

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
  responses: { 201: json(RunCreatedSchema, "Imported"), ...errorResponses(400, 413, 415, 422) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete a run and its events",
  description: "Finished, imported and damaged runs can be deleted; an unfinished run is refused (409 `not_finished`): cancel it first.",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(404, 409) },
});

export function exchangeRoutes(engine: Engine) {
  return new OpenAPIHono()
    .openapi(importRoute, async (c) => c.json({ runId: await engine.importRun(c.req.valid("json")) }, 201))
    .openapi(exportRoute, async (c) => {
      const { id } = c.req.valid("param");
      const doc = await engine.exportRun(id);
      c.header("Content-Disposition", `attachment; filename="run-${id}.json"`);
      return c.json(doc, 200);
    })
    .openapi(remove, async (c) => {
      await engine.deleteRun(c.req.valid("param").id);
      return c.body(null, 204);
    });
}
