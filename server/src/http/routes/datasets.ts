// /api/datasets: evaluation datasets, made from past runs (each case keeps a copy of its run's
// events) and/or a CSV or JSON-lines file; listed, read and deleted.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { describeFileProblem, expectedProblems, parseDatasetFile, type CreateDatasetRequest } from "@tandem/shared";
import { actorOf, principalOf } from "../../auth/principal.js";
import { DatasetExistsError, type DatasetStore, type NewCase } from "../../store/datasets.js";
import type { EventStore } from "../../store/types.js";
import { ApiError } from "../errors.js";
import { body, errorResponses, IdParam, json } from "../schemas.js";
import { CreateDatasetBody, DatasetSchema, DatasetSummarySchema } from "./evaluations-schemas.js";

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List datasets, newest first",
  responses: { 200: json(z.object({ datasets: z.array(DatasetSummarySchema) }), "The datasets") },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Make a dataset from finished runs and/or a file (CSV with a header row, or JSON lines)",
  request: { body: body(CreateDatasetBody) },
  responses: { 201: json(DatasetSchema, "Created"), ...errorResponses(400, 409, 413, 415, 422) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Read a dataset and its cases",
  request: { params: IdParam },
  responses: { 200: json(DatasetSchema, "The dataset"), ...errorResponses(404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete a dataset (its evaluations stay)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(404) },
});

const invalid = (path: string, message: string) => new ApiError(422, "invalid_request", `${path}: ${message}`, path);

/** The cases the request names, each checked, or a 422 naming the field. */
export async function casesOf(req: CreateDatasetRequest, events: Pick<EventStore, "events">): Promise<NewCase[]> {
  const cases: NewCase[] = [];
  for (const [i, { runId, expected = {} }] of (req.runs ?? []).entries()) {
    const recording = await events.events(runId);
    const started = recording[0];
    if (started?.type !== "run.started") throw invalid(`runs[${i}].runId`, `no run "${runId}"`);
    if (recording.at(-1)?.type !== "run.finished") throw invalid(`runs[${i}].runId`, `run "${runId}" has not finished`);
    const problem = expectedProblems(expected)[0];
    if (problem) throw invalid(`runs[${i}].expected.${problem.field}`, problem.message);
    cases.push({ input: started.input, expected, runId, recording });
  }
  if (req.file) {
    const parsed = parseDatasetFile(req.file.format, req.file.text);
    if (!parsed.ok) throw invalid("file.text", describeFileProblem(parsed.problem));
    cases.push(...parsed.cases);
  }
  if (cases.length === 0) throw invalid("runs", "give runs or a file with at least one case");
  return cases;
}

export function datasetRoutes(deps: { datasets: DatasetStore; events: Pick<EventStore, "events"> }) {
  const { datasets } = deps;
  const found = async (id: string) => {
    const dataset = await datasets.get(id);
    if (!dataset || dataset.id !== id) throw new ApiError(404, "not_found", `no dataset "${id}"`);
    return dataset;
  };
  return new OpenAPIHono()
    .openapi(list, async (c) => c.json({ datasets: await datasets.list() }, 200))
    .openapi(create, async (c) => {
      const req = c.req.valid("json");
      const cases = await casesOf(req, deps.events);
      try {
        return c.json(await datasets.create(req.name, cases, actorOf(principalOf(c)).name), 201);
      } catch (e) {
        if (e instanceof DatasetExistsError) throw new ApiError(409, "conflict", e.message, "name");
        throw e;
      }
    })
    .openapi(read, async (c) => c.json(await found(c.req.valid("param").id), 200))
    .openapi(remove, async (c) => {
      await datasets.delete((await found(c.req.valid("param").id)).id);
      return c.body(null, 204);
    });
}
