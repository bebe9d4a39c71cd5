// The runs API's shapes: requests are validated with them, the OpenAPI document is generated
// from them, and each is checked at compile time against its type in @tandem/shared's api.ts.
import { z } from "@hono/zod-openapi";
import {
  VIAS,
  CONTROL_ACTIONS,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  MAX_INPUT_CHARS,
  RUN_EVENT_TYPES,
  RUN_STATUSES,
  type AnswerAccepted,
  type AnswerRequest,
  type ControlRequest,
  type ControlResult,
  type ForkRequest,
  type RunCreated,
  type RunEvent,
  type RunExport,
  type RunList,
  type RunListQuery,
  type RunRecord,
  type RunState,
  type RunSummary,
  type StartInlineRunRequest,
  type StartRunRequest,
} from "@tandem/shared";
import { covers, exactly } from "../../contract.js";
import { FlowDocument, idMap } from "../../schemas.js";

const longText = (description: string) => z.string().max(MAX_INPUT_CHARS).openapi({ description });

export const RunStatusSchema = z.enum(RUN_STATUSES);

export const OutcomeSchema = z.object({ name: z.string(), description: z.string() }).openapi("Outcome");
export const ReadingSchema = z
  .object({ outcome: z.string().nullable(), reason: z.string() })
  .openapi("ReplyReading", { description: "How a reply was read: an outcome of the node, or null when the judge was not sure" });

export const ActorSchema = z
  .object({
    userId: z.string().optional(),
    name: z.string(),
    via: z.enum(VIAS),
    asAdmin: z.literal(true).optional().openapi({ description: "An admin answered a question that was not theirs" }),
  })
  .openapi("Actor", { description: "Who did something, and how it reached Tandem" });
export const AssignmentSchema = z
  .object({ users: z.array(z.string()), roles: z.array(z.string()) })
  .openapi("Assignment", { description: "These users and anyone with one of these roles; empty: anyone who may answer" });
export const QuorumSchema = z.object({ count: z.number().int(), outcome: z.string() }).openapi("Quorum");
export const VoteSchema = z.object({ actor: ActorSchema, outcome: z.string(), text: z.string().optional(), at: z.number() }).openapi("Vote");
export const ProblemSchema = z
  .object({ kind: z.enum(["error", "stuck"]), nodeId: z.string(), message: z.string(), code: z.string().optional() })
  .openapi("RunProblem", { description: "Why a run asks a fallback person" });

export const RunEventSchema = covers<RunEvent>()(
  z
    .object({
      seq: z.number().int().positive().openapi({ description: "Position in the run's log, from 1" }),
      at: z.number().openapi({ description: "epoch ms" }),
      type: z.enum(RUN_EVENT_TYPES),
    })
    .catchall(z.unknown())
    .openapi("RunEvent", {
      description: "One event of a run's log; the fields besides seq, at and type depend on the type (see docs/api.md and shared/src/events.ts)",
    }),
);

export const RunSummarySchema = exactly<RunSummary>()(
  z
    .object({
      id: z.string(),
      flowId: z.string().nullable().openapi({ description: "The saved flow the run was started from (null for an inline flow)" }),
      flowVersion: z.number().int().nullable().openapi({ description: "The version of that flow the run ran" }),
      flowName: z.string(),
      input: z.string(),
      status: RunStatusSchema,
      waitingNode: z.string().nullable().openapi({ description: "The human node the run waits for" }),
      steps: z.number().int(),
      tokens: z.number().int(),
      costUsd: z.number().openapi({ description: "What its model calls cost, in US dollars (unpriced models count nothing)" }),
      lastSeq: z.number().int(),
      parentRunId: z.string().nullable().openapi({ description: "Set on a fork" }),
      parentSeq: z.number().int().nullable(),
      imported: z.boolean().openapi({ description: "Taken in by POST /api/runs/import: read-only" }),
      deployment: z.string().nullable().openapi({ description: "The deployment that started the run" }),
      startedAt: z.number(),
      updatedAt: z.number(),
      finishedAt: z.number().nullable(),
      damaged: z.string().nullable().openapi({
        description: "Why the run cannot be read (its stored events do not fold into a run); it can still be exported and deleted",
      }),
    })
    .openapi("RunSummary"),
);

export const RunListSchema = exactly<RunList>()(
  z.object({ runs: z.array(RunSummarySchema), total: z.number().int().openapi({ description: "Runs matching the filters, all pages" }) }),
);

const RunStateSchema = covers<RunState>()(
  z
    .object({
      runId: z.string(),
      status: RunStatusSchema,
      lastSeq: z.number().int(),
      pending: z
        .object({
          requestId: z.string(),
          nodeId: z.string(),
          instructions: z.string(),
          outcomes: z.array(OutcomeSchema),
          allowText: z.boolean(),
          allowEdit: z.boolean(),
          deadline: z.number().optional(),
          defaultOutcome: z.string().optional(),
          reading: ReadingSchema.optional(),
        })
        .catchall(z.unknown())
        .nullable()
        .openapi({ description: "The question a person is asked now" }),
      messages: z.array(
        z.object({ seq: z.number(), nodeId: z.string(), role: z.enum(["user", "assistant", "tool"]), name: z.string(), content: z.string() }).catchall(z.unknown()),
      ),
    })
    .catchall(z.unknown())
    .openapi("RunState", { description: "The run's events folded by the shared reducer (shared/src/state.ts)" }),
);

export const RunRecordSchema = covers<RunRecord>()(z.object({ run: RunSummarySchema, state: RunStateSchema, events: z.array(RunEventSchema) }));

export const RunExportSchema = covers<RunExport>()(
  z
    .object({
      format: z.literal(EXPORT_FORMAT),
      version: z.literal(EXPORT_VERSION),
      exportedAt: z.string(),
      run: z.object({
        id: z.string(),
        flowName: z.string(),
        status: RunStatusSchema,
        input: z.string(),
        startedAt: z.number(),
        finishedAt: z.number().nullable(),
      }),
      events: z.array(RunEventSchema),
    })
    .openapi("RunExport"),
);

export const RunCreatedSchema = exactly<RunCreated>()(z.object({ runId: z.string() }).openapi("RunCreated"));

const startFields = {
  input: longText(`The run's input: the first message (at most ${MAX_INPUT_CHARS} characters)`),
  stepMode: z.boolean().optional().openapi({ description: "Pause before every agent and human node" }),
  breakpoints: z.array(z.string().min(1)).max(1000).optional().openapi({ description: "Node ids to pause before" }),
  budgetUsd: z.number().positive().max(1_000_000).optional().openapi({ description: "Stop to ask a person once the run's model calls cost this much (US dollars)" }),
};
export const StartBody = exactly<StartRunRequest>()(z.object(startFields).strict().openapi("StartRun"));
export const InlineStartBody = exactly<StartInlineRunRequest>()(z.object({ flow: FlowDocument, ...startFields }).strict().openapi("StartInlineRun"));

export const HumanAnswerSchema = z
  .object({
    outcome: z.string().min(1).optional().openapi({ description: "One of the outcomes the node declares: picks it (free text is then not read by the judge)" }),
    text: longText("A free-text reply, where the node allows it").optional(),
    edit: longText("The reviewed message as the person rewrote it, where the node allows it").optional(),
    fallback: z
      .enum(["retry", "instead", "fail"])
      .optional()
      .openapi({ description: "Only on a fallback request (one with a problem): run the failed node again, take `text` as its reply instead, or fail the run" }),
  })
  .strict();

export const AnswerBody = exactly<AnswerRequest>()(
  HumanAnswerSchema.extend({
    by: z.string().trim().min(1).max(100).optional().openapi({ description: 'Who answers (default "someone (HTTP)")' }),
  })
    .strict()
    .openapi("HumanAnswer"),
);

/** The header that makes a person's answer safe to retry: the answer that was taken comes back. */
export const IdempotencyHeaders = z.object({ "idempotency-key": z.string().min(1).max(200).optional().openapi({ description: "Makes a retry safe" }) });

export const AnswerAcceptedSchema = covers<AnswerAccepted>()(
  z.object({
    accepted: z.literal(true),
    event: RunEventSchema,
    reading: ReadingSchema.extend({
      judge: z.string(),
      confirm: z.object({ requestId: z.string(), deadline: z.number().optional(), defaultOutcome: z.string().optional() }).optional(),
    })
      .optional()
      .openapi({ description: "How the free text was read, when the node routes on outcomes; answer confirm.requestId with an outcome to correct it" }),
  }),
);

// Node settings are read into a Map (idMap), so any node id, `__proto__` too, is data.
export const ForkBody = covers<ForkRequest>()(
  z
    .object({
      at: z.number().int().positive().optional().openapi({ description: "The last event (seq) of the parent that the fork keeps (exactly one of `at` and `from`)" }),
      from: z
        .object({ nodeId: z.string().min(1), visit: z.number().int().positive() })
        .strict()
        .optional()
        .openapi({ description: "Keep the parent's events up to just before this node visit started (visits count from 1): the node runs again, live" }),
      answer: HumanAnswerSchema.optional().openapi({ description: "Answer to the question waiting at `at`" }),
      edits: z
        .array(z.object({ seq: z.number().int().positive(), content: longText("The message's new content") }).strict())
        .max(1000)
        .optional()
        .openapi({ description: "Rewritten messages: the seq of a message event at or before `at`" }),
      nodes: idMap(
        z
          .object({ systemMessage: longText("New system message").optional(), model: z.string().optional(), temperature: z.number().min(0).max(2).optional() })
          .strict(),
      )
        .optional()
        .openapi({ description: "New settings for agent nodes, by node id" }),
    })
    .strict()
    .openapi("ForkRun"),
);

export const ControlBody = exactly<ControlRequest>()(z.object({ action: z.enum(CONTROL_ACTIONS) }).strict().openapi("RunControl"));

export const ControlResultSchema = exactly<ControlResult>()(z.object({ ok: z.literal(true), status: RunStatusSchema }));

export const ListQuery = covers<RunListQuery>()(
  z.object({
    flow: z.string().max(200).optional().openapi({ description: "Only runs of this saved flow" }),
    deployment: z.string().max(200).optional().openapi({ description: "Only runs this deployment started" }),
    status: RunStatusSchema.optional(),
    text: z.string().max(200).optional().openapi({ description: "Only runs whose input or messages contain this (case-insensitive)" }),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  }),
);
