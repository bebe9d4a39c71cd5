// The shapes of datasets and evaluations on the wire, each checked against the shared types.
import { z } from "@hono/zod-openapi";
import type {
  CaseResult,
  CreateDatasetRequest,
  Dataset,
  DatasetSummary,
  Evaluation,
  EvaluationComparison,
  EvaluationRequest,
  EvaluationSummary,
  Expected,
  Score,
  Scorer,
} from "@tandem/shared";
import { exactly } from "../contract.js";

const SCORER_KINDS = ["exact", "contains", "regex", "schema", "outcome", "steps", "tokens", "judge"] as const;
const ModelRef = z.string().min(1).max(200).openapi({ example: "scripted/demo" });
const Text = z.string().max(100_000);

export const ExpectedSchema = exactly<Expected>()(
  z
    .strictObject({
      outcome: z.string().max(200).optional(),
      output: Text.optional(),
      contains: Text.optional(),
      regex: z.string().max(2000).optional(),
      schema: z.record(z.string(), z.unknown()).optional().openapi({ description: "JSON Schema the output, parsed as JSON, must fit" }),
    })
    .openapi("Expected"),
);

export const CreateDatasetBody = exactly<CreateDatasetRequest>()(
  z
    .strictObject({
      name: z.string().trim().min(1, "expected a name").max(200),
      runs: z.array(z.strictObject({ runId: z.string().min(1).max(200), expected: ExpectedSchema.optional() })).max(10_000).optional(),
      file: z.strictObject({ format: z.enum(["csv", "jsonl"]), text: z.string().max(5_000_000) }).optional(),
    })
    .openapi("CreateDatasetRequest"),
);

export const DatasetSummarySchema = exactly<DatasetSummary>()(
  z.object({ id: z.string(), name: z.string(), cases: z.number().int(), createdAt: z.number(), createdBy: z.string() }).openapi("DatasetSummary"),
);

export const DatasetSchema = exactly<Dataset>()(
  DatasetSummarySchema.extend({
    items: z.array(z.object({ id: z.string(), input: z.string(), expected: ExpectedSchema, runId: z.string().nullable(), recorded: z.boolean() })),
  }).openapi("Dataset"),
);

const ScorerSchema = exactly<Scorer>()(
  z
    .discriminatedUnion("kind", [
      z.strictObject({ kind: z.enum(["exact", "contains", "regex", "schema", "outcome"]) }),
      z.strictObject({ kind: z.enum(["steps", "tokens"]), max: z.number().int().min(0) }),
      z.strictObject({ kind: z.literal("judge"), rubric: z.string().trim().min(1, "expected a rubric").max(10_000), model: ModelRef.optional() }),
    ])
    .openapi("Scorer"),
);

export const EvaluationRequestBody = exactly<EvaluationRequest>()(
  z
    .strictObject({
      datasetId: z.string().min(1).max(200),
      flowId: z.string().min(1).max(200),
      version: z.number().int().positive(),
      models: z.discriminatedUnion("kind", [z.strictObject({ kind: z.literal("recorded") }), z.strictObject({ kind: z.literal("live"), model: ModelRef.optional() })]),
      people: z.discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("recorded") }),
        z.strictObject({ kind: z.literal("simulated"), instructions: z.string().trim().min(1, "expected instructions").max(10_000), model: ModelRef.optional() }),
      ]),
      scorers: z.array(ScorerSchema).min(1, "expected at least one scorer").max(20),
      threshold: z.number().min(0).max(1).optional().openapi({ description: "The share of cases (0..1) each scorer must pass" }),
    })
    .openapi("EvaluationRequest"),
);

const ScoreSchema = exactly<Score>()(z.object({ kind: z.enum(SCORER_KINDS), pass: z.boolean().nullable(), detail: z.string().optional() }));

const CaseResultSchema = exactly<CaseResult>()(
  z
    .object({
      caseId: z.string(),
      input: z.string(),
      status: z.enum(["completed", "failed", "cancelled", "stuck"]),
      output: z.string(),
      outcome: z.string().nullable(),
      steps: z.number().int(),
      tokens: z.number().int(),
      costUsd: z.number().openapi({ description: "What the case's run cost, in US dollars" }),
      simulatedAnswers: z.number().int(),
      scores: z.array(ScoreSchema),
      error: z.string().optional(),
    })
    .openapi("CaseResult"),
);

export const EvaluationSummarySchema = exactly<EvaluationSummary>()(
  z
    .object({
      id: z.string(),
      datasetId: z.string(),
      datasetName: z.string(),
      flowId: z.string(),
      flowName: z.string(),
      version: z.number().int(),
      createdAt: z.number(),
      status: z.enum(["running", "done", "failed"]),
      cases: z.number().int(),
      passed: z.number().int(),
      byScorer: z.array(z.object({ kind: z.enum(SCORER_KINDS), passed: z.number().int(), applied: z.number().int() })),
      tokens: z.number().int(),
      costUsd: z.number().openapi({ description: "What every case's run cost in all, in US dollars" }),
      threshold: z.number().nullable(),
      meetsThreshold: z.boolean(),
      error: z.string().optional(),
    })
    .openapi("EvaluationSummary"),
);

export const EvaluationSchema = exactly<Evaluation>()(
  EvaluationSummarySchema.extend({ request: EvaluationRequestBody, results: z.array(CaseResultSchema) }).openapi("Evaluation"),
);

export const ComparisonSchema = exactly<EvaluationComparison>()(
  z
    .object({
      a: EvaluationSummarySchema,
      b: EvaluationSummarySchema,
      cases: z.array(
        z.object({
          caseId: z.string(),
          input: z.string(),
          a: CaseResultSchema.nullable(),
          b: CaseResultSchema.nullable(),
          changed: z.object({ outcome: z.boolean(), pass: z.boolean(), tokens: z.number().int(), length: z.number().int() }),
        }),
      ),
    })
    .openapi("EvaluationComparison"),
);
