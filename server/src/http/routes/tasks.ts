// GET /api/tasks: the questions people are asked now, across all runs, from the live runs'
// state (and, several servers on one database, the other servers' waiting runs as stored):
// what a to-do list or a notifier polls. Each says whose it is for the caller, and the caller's
// own come first.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import {
  formatUsd,
  isAssigned,
  nextEscalation,
  nodeById,
  requestOf,
  toolCallOf,
  type RunState,
  type Task,
  type TaskList,
  type ToolCallState,
} from "@tandem/shared";
import { permissionsFor, personOf, principalOf, type Principal } from "../../auth/principal.js";
import type { Engine } from "../../engine/engine.js";
import { exactly } from "../contract.js";
import { errorResponses, json } from "../schemas.js";
import { ActorSchema, AssignmentSchema, OutcomeSchema, ProblemSchema, QuorumSchema, ReadingSchema, VoteSchema } from "./runs/schemas.js";

const ApprovalTaskSchema = z
  .object({
    callId: z.string(),
    tool: z.string().openapi({ description: "The tool's name as the model called it" }),
    ref: z.string().openapi({ description: 'How the agent names the tool ("mcp:payments/refund")' }),
    arguments: z.unknown(),
    parameters: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema of the arguments: edits are checked against it" }),
    reason: z.enum(["policy", "unknown"]).openapi({ description: '"unknown": the call was under way when the server stopped' }),
    why: z.string().openapi({ description: 'The policy that asks ("amount > 100")' }),
    said: z.string().openapi({ description: "What the agent said with the call" }),
  })
  .openapi("ApprovalTask");

export const TaskSchema = exactly<Task>()(z
  .object({
    kind: z.enum(["question", "approval", "budget"]),
    runId: z.string(),
    flowId: z.string().nullable().openapi({ description: "The saved flow the run was started from (null for an inline flow)" }),
    flowName: z.string(),
    input: z.string().openapi({ description: "The run's input" }),
    nodeId: z.string(),
    nodeName: z.string().openapi({ description: "The human node's name" }),
    requestId: z.string().openapi({ description: "Answer with POST /api/runs/{runId}/human/{requestId}" }),
    instructions: z.string(),
    outcomes: z.array(OutcomeSchema),
    allowText: z.boolean(),
    allowEdit: z.boolean(),
    askedAt: z.number().openapi({ description: "epoch ms" }),
    deadline: z.number().optional().openapi({ description: "epoch ms; at that time the node takes `defaultOutcome`" }),
    defaultOutcome: z.string().optional(),
    reading: ReadingSchema.optional().openapi({ description: "Set when the person confirms or corrects how a reply was read" }),
    approval: ApprovalTaskSchema.optional().openapi({ description: "Set on an approval: decide with POST /api/runs/{runId}/approvals/{requestId}" }),
    assignees: AssignmentSchema.optional(),
    claimedBy: ActorSchema.optional(),
    quorum: QuorumSchema.optional(),
    votes: z.array(VoteSchema).optional(),
    escalations: z.number().int().optional().openapi({ description: "Escalation steps fired so far" }),
    nextEscalation: z.object({ at: z.number(), action: z.enum(["remind", "reassign", "default"]) }).optional(),
    problem: ProblemSchema.optional(),
    budget: z
      .object({ spentUsd: z.number(), budgetUsd: z.number() })
      .optional()
      .openapi({ description: "Set on a budget task: decide with POST /api/runs/{runId}/budget/{requestId}" }),
    mine: z.enum(["user", "role", "anyone"]).nullable().optional().openapi({ description: "For the caller: named, by role, unassigned, or not theirs" }),
  })
  .openapi("Task"));

const route = createRoute({
  method: "get",
  path: "/",
  summary: "Questions people are asked now: the caller's first (named, then by role, then anyone's, then others'), within each the soonest due first, then the longest waiting",
  request: {
    query: z.object({
      for: z.enum(["me", "all"]).default("all").openapi({ description: '"me": only what the caller may answer as an assignee or as anyone (`mine` not null)' }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: json(exactly<TaskList>()(z.object({ tasks: z.array(TaskSchema), total: z.number().int().openapi({ description: "Tasks, all pages" }) })), "The tasks"),
    ...errorResponses(422),
  },
});

/** What every task of a run shares, and the people around its request. */
function about(s: RunState, nodeId: string, requestId: string) {
  const r = requestOf(s, requestId);
  const node = nodeById(s.flow, nodeId);
  const next = r?.askedAt !== undefined && node?.type === "human" ? nextEscalation(node.data.escalation, r.askedAt, r.escalations) : undefined;
  return {
    runId: s.runId,
    flowId: s.flowId ?? null,
    flowName: s.flow.name,
    input: s.input,
    nodeId,
    nodeName: node?.data.name ?? nodeId,
    requestId,
    ...(isAssigned(r?.assignees) ? { assignees: r.assignees } : {}),
    ...(r?.claimedBy ? { claimedBy: r.claimedBy } : {}),
    ...(r?.votes ? { votes: r.votes } : {}),
    ...(r?.escalations ? { escalations: r.escalations } : {}),
    ...(next ? { nextEscalation: { at: next.at, action: next.action } } : {}),
  };
}

/** The run's open question, then its tool calls waiting for approval, in the order asked, then its budget question. */
export function tasksOf(s: RunState): Task[] {
  const approvals = s.approvals.map((id) => approvalTask(s, toolCallOf(s, id)!));
  const budget = s.budgetWait ? [budgetTask(s, s.budgetWait)] : [];
  return s.pending ? [question(s), ...approvals, ...budget] : [...approvals, ...budget];
}

function budgetTask(s: RunState, requestId: string): Task {
  const r = requestOf(s, requestId)!;
  const budget = r.budget!;
  return {
    kind: "budget",
    ...about(s, r.nodeId, requestId),
    instructions: `This run has spent ${formatUsd(budget.spentUsd)} of its ${formatUsd(budget.budgetUsd)} budget: raise it, or stop the run?`,
    outcomes: [],
    allowText: false,
    allowEdit: false,
    askedAt: r.askedAt ?? s.updatedAt,
    budget,
  };
}

function approvalTask(s: RunState, call: ToolCallState): Task {
  // What the agent said with its calls: the turn's text, its reasoning so far.
  const said = s.messages.findLast((m) => m.toolCalls?.some((c) => c.id === call.id))?.content ?? "";
  return {
    kind: "approval",
    ...about(s, call.nodeId, call.requestId!),
    instructions: call.reason === "unknown" ? `${call.name} was under way when the server stopped: retry it, or enter its result?` : `Approve ${call.name}?`,
    outcomes: [],
    allowText: false,
    allowEdit: false,
    askedAt: call.askedAt ?? s.updatedAt,
    approval: {
      callId: call.id,
      tool: call.name,
      ref: call.ref ?? "",
      arguments: call.arguments,
      parameters: call.parameters ?? {},
      reason: call.reason ?? "policy",
      why: call.why ?? "",
      said,
    },
  };
}

function question(s: RunState): Task {
  const p = s.pending!;
  return {
    kind: "question",
    ...about(s, p.nodeId, p.requestId),
    instructions: p.instructions,
    outcomes: p.outcomes,
    allowText: p.allowText,
    allowEdit: p.allowEdit,
    askedAt: p.at,
    ...(p.deadline !== undefined ? { deadline: p.deadline } : {}),
    ...(p.defaultOutcome !== undefined ? { defaultOutcome: p.defaultOutcome } : {}),
    ...(p.reading ? { reading: p.reading } : {}),
    ...(p.quorum ? { quorum: p.quorum } : {}),
    ...(p.problem ? { problem: p.problem } : {}),
  };
}

type Mine = NonNullable<Task["mine"]> | null;

/** Whose the task is for the caller: named, by one of their roles, anyone's (assigned to nobody and they may answer), or not theirs. */
function mineFor(p: Principal, task: Task): Mine {
  if (p.kind === "open") return "anyone";
  const person = personOf(p);
  if (!person) return null;
  if (!isAssigned(task.assignees)) return permissionsFor(p).has("tasks.answer") ? "anyone" : null;
  if (task.assignees.users.includes(person.username)) return "user";
  return person.roles.some((r) => task.assignees!.roles.includes(r)) ? "role" : null;
}

const RANK: Record<string, number> = { user: 0, role: 1, anyone: 2, null: 3 };

export function taskRoutes(engine: Engine) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const query = c.req.valid("query");
    const { limit, offset } = query;
    const principal = principalOf(c);
    const all = (await engine.waiting()).flatMap(tasksOf).map((t) => ({ ...t, mine: mineFor(principal, t) }));
    // A stable sort: within each group, as the engine lists them.
    const tasks = all.filter((t) => query.for === "all" || t.mine !== null).sort((a, b) => RANK[String(a.mine)]! - RANK[String(b.mine)]!);
    return c.json({ tasks: tasks.slice(offset, offset + limit), total: tasks.length }, 200);
  });
}
