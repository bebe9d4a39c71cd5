// /api/evaluations: start an evaluation of a dataset against a flow version (it runs in the
// background; the answer is its summary, status running), list and read them, and compare two
// evaluations of one dataset case by case.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { compareEvaluations } from "@tandem/shared";
import { EvaluationRequestError, startEvaluation, type EvaluationDeps } from "../../evals/evaluate.js";
import { ApiError } from "../errors.js";
import { body, errorResponses, IdParam, json } from "../schemas.js";
import { ComparisonSchema, EvaluationRequestBody, EvaluationSchema, EvaluationSummarySchema } from "./evaluations-schemas.js";

const start = createRoute({
  method: "post",
  path: "/",
  summary: "Evaluate a dataset against a flow version; it finishes in the background",
  request: { body: body(EvaluationRequestBody) },
  responses: { 201: json(EvaluationSummarySchema, "Started"), ...errorResponses(400, 413, 415, 422) },
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List evaluations, newest first (of one dataset with ?datasetId=)",
  request: { query: z.object({ datasetId: z.string().min(1).max(200).optional() }) },
  responses: { 200: json(z.object({ evaluations: z.array(EvaluationSummarySchema) }), "The evaluations"), ...errorResponses(422) },
});

const compare = createRoute({
  method: "get",
  path: "/compare",
  summary: "Compare two evaluations of the same dataset case by case (b against a)",
  request: { query: z.object({ a: z.string().min(1).max(200), b: z.string().min(1).max(200) }) },
  responses: { 200: json(ComparisonSchema, "The comparison"), ...errorResponses(404, 422) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Read an evaluation with its case results",
  request: { params: IdParam },
  responses: { 200: json(EvaluationSchema, "The evaluation"), ...errorResponses(404) },
});

export function evaluationRoutes(deps: EvaluationDeps) {
  const { evaluations } = deps;
  const found = async (id: string) => (await evaluations.get(id)) ?? missing(id);
  return new OpenAPIHono()
    .openapi(start, async (c) => {
      try {
        return c.json((await startEvaluation(deps, c.req.valid("json"))).summary, 201);
      } catch (e) {
        if (e instanceof EvaluationRequestError) throw new ApiError(422, "invalid_request", e.message, e.field);
        throw e;
      }
    })
    .openapi(list, async (c) => c.json({ evaluations: await evaluations.list(c.req.valid("query").datasetId) }, 200))
    .openapi(compare, async (c) => {
      const q = c.req.valid("query");
      const a = await found(q.a);
      const b = await found(q.b);
      if (a.datasetId !== b.datasetId) throw new ApiError(422, "invalid_request", `b: evaluates dataset "${b.datasetName}", not "${a.datasetName}" as a does`, "b");
      return c.json(compareEvaluations(a, b), 200);
    })
    .openapi(read, async (c) => c.json(await found(c.req.valid("param").id), 200));
}

function missing(id: string): never {
  throw new ApiError(404, "not_found", `no evaluation "${id}"`);
}
