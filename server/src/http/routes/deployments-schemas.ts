// The deployments API's shapes: requests are validated with them (a bad field is a 422 naming
// it), the OpenAPI document is generated from them, and each is checked at compile time against
// its type in @tandem/shared's deploy.ts.
import { z } from "@hono/zod-openapi";
import {
  DEPLOYMENT_NAME,
  DEPLOYMENT_NAME_HINT,
  MAX_INPUT_CHARS,
  type CreateDeploymentRequest,
  type CreatedDeploymentKey,
  type Deployment,
  type DeploymentKeyInfo,
  type DeploymentRunRequest,
  type DeploymentRunStarted,
  type DeploymentRunStatus,
  type DeploymentSettings,
  type DeploymentStats,
  type PromoteRequest,
} from "@tandem/shared";
import { exactly } from "../contract.js";
import { pathParam } from "../schemas.js";
import { RunStatusSchema } from "./runs/schemas.js";
import { TaskSchema } from "./tasks.js";

/** The most a deployment may allow: its callers cannot be given more than the server takes. */
export const MAX_RUNS_PER_MINUTE = 10_000;
export const MAX_BODY_BYTES = 1024 * 1024;
/** How long ?wait=true holds a request, by default and at most. */
export const DEFAULT_WAIT_SECONDS = 30;
export const MAX_WAIT_SECONDS = 120;

export const DeploymentNameParam = z.object({ name: pathParam("name") });
export const KeyParam = z.object({ name: pathParam("name"), id: pathParam("id") });
export const RunParam = z.object({ name: pathParam("name"), runId: pathParam("runId") });

const Name = z.string().regex(DEPLOYMENT_NAME, `expected ${DEPLOYMENT_NAME_HINT}`);

/** An origin exactly as a browser sends it: scheme, host and port, nothing after. */
const Origin = z
  .string()
  .max(300)
  .refine((o) => {
    try {
      const url = new URL(o);
      return (url.protocol === "http:" || url.protocol === "https:") && url.origin === o;
    } catch {
      return false;
    }
  }, 'expected an origin such as "https://example.com" (scheme, host and port; no path or trailing slash)');

const limit = (max: number, what: string) => z.number().int(`expected a whole number of ${what}`).min(1, `expected at least 1 ${what}`).max(max, `at most ${max} ${what}`);

const settingsFields = {
  callbackUrl: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }).max(2000).nullable().optional().openapi({
    description: "Receives each run's result, signed (X-Tandem-Signature); null removes it",
  }),
  allowedOrigins: z.array(Origin).max(50).optional().openapi({ description: "Origins that may embed the hosted page and call the endpoint from a browser" }),
  pageEnabled: z.boolean().optional(),
  limits: z
    .object({ runsPerMinute: limit(MAX_RUNS_PER_MINUTE, "runs per minute").optional(), bodyBytes: limit(MAX_BODY_BYTES, "bytes").optional() })
    .strict()
    .optional(),
  description: z.string().max(2000).optional(),
  budgetUsd: z.number().positive().max(1_000_000).nullable().optional().openapi({ description: "What each run may spend on model calls (US dollars) before it stops to ask a person; null: the flow's budget" }),
};

export const SettingsBody = exactly<DeploymentSettings>()(z.object(settingsFields).strict().openapi("DeploymentSettings"));

export const CreateBody = exactly<CreateDeploymentRequest>()(
  z
    .object({
      name: Name,
      flowId: z.string().min(1).max(200),
      version: z.number().int().positive().openapi({ description: "The saved version of the flow that runs" }),
      ...settingsFields,
    })
    .strict()
    .openapi("CreateDeployment"),
);

export const PromoteBody = exactly<PromoteRequest>()(z.object({ version: z.number().int().positive() }).strict().openapi("Promote"));

export const DeploymentSchema = exactly<Deployment>()(
  z
    .object({
      name: z.string(),
      flowId: z.string(),
      flowName: z.string(),
      version: z.number().int().openapi({ description: "The version every new run runs, until another is promoted" }),
      description: z.string(),
      callbackUrl: z.string().nullable(),
      allowedOrigins: z.array(z.string()),
      pageEnabled: z.boolean(),
      pagePath: z.string().nullable().openapi({ description: "The hosted page (/d/<token>), null while it is off" }),
      limits: z.object({ runsPerMinute: z.number().int(), bodyBytes: z.number().int() }),
      budgetUsd: z.number().nullable().openapi({ description: "What each run may spend before it stops to ask a person; null: the flow's budget" }),
      createdAt: z.number(),
      updatedAt: z.number(),
      createdBy: z.string(),
      promotedBy: z.string(),
      history: z.array(z.object({ version: z.number().int(), at: z.number(), by: z.string() })).openapi({ description: "Every promotion, newest first" }),
    })
    .openapi("Deployment"),
);

export const KeySchema = exactly<DeploymentKeyInfo>()(
  z
    .object({
      id: z.string(),
      name: z.string(),
      prefix: z.string().openapi({ description: "The key's first 8 characters" }),
      createdAt: z.number(),
      lastUsedAt: z.number().nullable(),
      revokedAt: z.number().nullable(),
    })
    .openapi("DeploymentKey"),
);

export const CreatedKeySchema = exactly<CreatedDeploymentKey>()(
  KeySchema.extend({ key: z.string().openapi({ description: "Shown this once: send as Authorization: Bearer <key>" }) }).openapi("CreatedDeploymentKey"),
);

export const CreateKeyBody = z.object({ name: z.string().trim().min(1, "expected a name for the key").max(200) }).strict().openapi("CreateDeploymentKey");

export const StatsSchema = exactly<DeploymentStats>()(
  z
    .object({
      runs: z.number().int(),
      finished: z.number().int(),
      errorRate: z.number().nullable().openapi({ description: "Failed runs over finished runs; null before any finished" }),
      p50Ms: z.number().nullable(),
      p95Ms: z.number().nullable(),
      costUsd: z.number().openapi({ description: "What its runs' model calls cost in all, in US dollars" }),
      avgCostUsd: z.number().nullable().openapi({ description: "What a finished run cost on average, in US dollars; null before any finished" }),
      byVersion: z.array(z.object({ version: z.number().int(), runs: z.number().int() })),
    })
    .openapi("DeploymentStats"),
);

export const RunRequestBody = exactly<DeploymentRunRequest>()(
  z
    .object({ input: z.string().max(MAX_INPUT_CHARS).openapi({ description: `The run's input (at most ${MAX_INPUT_CHARS} characters)` }) })
    .strict()
    .openapi("DeploymentRun"),
);

const started = {
  runId: z.string(),
  statusUrl: z.string().openapi({ description: "GET it (with the key) for the run's status" }),
  eventsUrl: z.string().openapi({ description: "The run's live events (Server-Sent Events, with the key)" }),
};

export const RunStartedSchema = exactly<DeploymentRunStarted>()(z.object(started).openapi("DeploymentRunStarted"));

export const RunStatusBody = exactly<DeploymentRunStatus>()(
  z
    .object({
      ...started,
      status: RunStatusSchema,
      output: z.string().nullable().openapi({ description: "The run's result, once it completed" }),
      error: z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional() }).nullable().openapi({ description: "Why it failed" }),
      task: TaskSchema.nullable().openapi({ description: "What a person is asked now" }),
    })
    .openapi("DeploymentRunStatus"),
);

export const WaitQuery = z.object({
  wait: z.enum(["true", "false"]).optional().openapi({ description: "true: answer when the run finishes or asks a person, or when `timeout` is up" }),
  timeout: z.coerce.number().int().min(1).max(MAX_WAIT_SECONDS).default(DEFAULT_WAIT_SECONDS).openapi({ description: `Seconds to wait (at most ${MAX_WAIT_SECONDS})` }),
});
