// The flow document: the one definition of what a flow is. Node and edge shapes follow
// React Flow's own (id, type, position, data; source, target) so the studio needs no mapping.
import { z } from "zod";
import { FLOW_LIMITS } from "./limits.js";
import { compilePattern } from "./pattern.js";

import { FIELD_OPS } from "./field-ops.js";
import { Assignment, EscalationStep, Quorum } from "./people.js";
import { HttpTool, ToolUse } from "./tools.js";


export const FLOW_SCHEMA_VERSION = 2;
/** How long a reading can be corrected when the node does not say. */
export const READING_WINDOW_SECONDS = 10;

const id = z.string().min(1, "expected a non-empty id").max(FLOW_LIMITS.idLength, `at most ${FLOW_LIMITS.idLength} characters`);
const position = z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 });
const name = z.string().trim().min(1, "expected a name").max(64, "at most 64 characters");
const maxVisits = z.number().int().positive().optional();
// A model call given up on (and retried) when the model server stays silent this long.
const modelTimeout = z
  .number({ error: "expected a number of seconds" })
  .positive("expected more than 0 seconds")
  .max(3600, "at most 3600 seconds (an hour)")
  .optional();

/** What a reply can mean, e.g. { name: "revise", description: "changes are needed" }: edges route on it. */
export const Outcome = z.object({
  name: z.string().trim().min(1, "expected an outcome name").max(64, "at most 64 characters"),
  // Read by the judge (and by people) to tell the outcomes apart.
  description: z.string().max(500, "at most 500 characters").default(""),
});
const outcomes = z.array(Outcome).max(20, "at most 20 outcomes");

/** A JSON Schema object, as an agent's structured output declares it (checked by checkOutputSchema). */
const jsonSchema = z.record(z.string(), z.unknown());

/** A scripted model step that calls tools, then answers `reply` ({{result}}: the last tool result). */
const ScriptedToolTurn = z.object({
  calls: z.array(z.object({ tool: z.string().min(1), arguments: z.record(z.string(), z.unknown()).default({}) })).min(1),
  reply: z.string().default("{{result}}"),
});

export const StartNode = z.object({
  id,
  type: z.literal("start"),
  position,
  data: z.object({ name: name.default("user") }).default({ name: "user" }),
});

export const AgentNode = z.object({
  id,
  type: z.literal("agent"),
  position,
  data: z.object({
    name,
    // Checked by validateFlow (not here) so that a draft without a model can still be saved.
    model: z.string().default(""),
    systemMessage: z.string().default(""),
    temperature: z.number().min(0).max(2).optional(),
    /** The longest reply, in tokens (unset: the provider's default; Anthropic needs one and gets 4096). */
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    maxVisits,
    // Replies for the offline scripted provider, used in turn (one per visit); a step may call tools first.
    script: z.array(z.union([z.string(), ScriptedToolTurn])).optional(),
    /** What the reply can mean; edges routing on them have the reply read by a judge. */
    outcomes: outcomes.optional(),
    /** The reply is asked for as structured output of this JSON Schema, validated, and edges may route on its fields. */
    outputSchema: jsonSchema.optional(),
    /** The tools the model may call, each with when a person must approve a call. */
    tools: z.array(ToolUse).max(50, "at most 50 tools").optional(),
    /** Tool calls in one visit; past it the model answers without tools (unset: DEFAULT_MAX_TOOL_CALLS). */
    maxToolCalls: z.number().int().min(1).max(200).optional(),
    // Unset: the server's defaults (docs/server.md).
    connectTimeoutSeconds: modelTimeout,
    firstTokenTimeoutSeconds: modelTimeout,
    betweenTokensTimeoutSeconds: modelTimeout,
  }),
});

export const HumanNode = z.object({
  id,
  type: z.literal("human"),
  position,
  data: z.object({
    name,
    instructions: z.string().default(""),
    /** What the person's answer can mean: picked directly, or read from free text by a judge. */
    outcomes: outcomes.default([]),
    allowText: z.boolean().default(true),
    allowEdit: z.boolean().default(false),
    timeoutSeconds: z.number().positive().max(FLOW_LIMITS.timeoutSeconds, "at most ten years").optional(),
    defaultOutcome: z.string().optional(),
    maxVisits,
    /** How long a reading of free text can be corrected before the run goes on with it (0: at once; unset: READING_WINDOW_SECONDS). */
    readingWindowSeconds: z.number().min(0).max(3600, "at most 3600 seconds (an hour)").optional(),
    /** Wait for the person to confirm or correct every reading, however long. */
    confirmReadings: z.boolean().optional(),
    /** The model that reads free text ("provider/model"); unset: the model of the flow's first agent. */
    judgeModel: z.string().optional(),
    /** Who may answer (besides admins); unset or empty: anyone who may answer questions. */
    assignees: Assignment.optional(),
    /** Unset: the first answer decides. */
    quorum: Quorum.optional(),
    /** What happens while nobody answers, in order (instead of timeoutSeconds; a "default" step needs defaultOutcome). */
    escalation: z.array(EscalationStep).max(10, "at most 10 steps").optional(),
  }),
});

export const EndNode = z.object({
  id,
  type: z.literal("end"),
  position,
  data: z.object({ name: name.default("end") }).default({ name: "end" }),
});

export const FlowNode = z.discriminatedUnion("type", [StartNode, AgentNode, HumanNode, EndNode]);

// Checked with the engine routing uses (RE2), which says what it refuses and why.
const regexSource = z
  .string()
  .min(1, "expected a pattern")
  .superRefine((source, ctx) => {
    const compiled = compilePattern(source);
    if (!compiled.ok) ctx.addIssue({ code: "custom", message: compiled.message });
  });

export const EdgeCondition = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("always") }),
  z.object({ kind: z.literal("outcome"), value: z.string().min(1, "expected an outcome") }),
  // A field of the source agent's structured reply compared with a value: verdict == "pass", score >= 0.8.
  z.object({
    kind: z.literal("field"),
    path: z.string().min(1, "expected a field path, e.g. verdict or review.score").max(200),
    op: z.enum(FIELD_OPS),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  }),
  z.object({ kind: z.literal("contains"), value: z.string().min(1, "expected text to look for") }),
  z.object({ kind: z.literal("regex"), value: regexSource }),
  z.object({ kind: z.literal("otherwise") }),
  // Fallback edges to a human node: taken when the source agent fails after its retries (or a tool of it fails),
  // or is stuck (its maxVisits reached, or the run goes round without progress), instead of failing the run.
  z.object({ kind: z.literal("error") }),
  z.object({ kind: z.literal("stuck") }),
]);

export const FlowEdge = z.object({
  id,
  source: id,
  target: id,
  sourceHandle: z.string().nullish(),
  targetHandle: z.string().nullish(),
  data: z.object({ when: EdgeCondition.optional() }).default({}),
});

export const Flow = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  id: z.string().optional(),
  name: z.string().trim().min(1, "expected a name").max(200).default("Untitled flow"),
  description: z.string().optional(),
  maxSteps: z.number().int().positive().max(100_000).default(100),
  /** A run stops to ask a person once its model calls have cost this much, in US dollars. */
  budgetUsd: z.number().positive().max(1_000_000).optional(),
  nodes: z.array(FlowNode).max(FLOW_LIMITS.nodes),
  edges: z.array(FlowEdge).max(FLOW_LIMITS.edges),
  /** HTTP requests the flow's agents may make as tools (secrets by name from the server's configuration). */
  httpTools: z.array(HttpTool).max(50, "at most 50 HTTP tools").optional(),
  /** The input as named fields (an object of string, number, integer, boolean or enum fields): the hosted page asks
   *  for them in a form, and the run gets them as JSON. Checked by inputSchemaProblems. */
  inputSchema: jsonSchema.optional(),
});

export type Flow = z.infer<typeof Flow>;
export type FlowNode = z.infer<typeof FlowNode>;
export type FlowEdge = z.infer<typeof FlowEdge>;
export type EdgeCondition = z.infer<typeof EdgeCondition>;
export type Outcome = z.infer<typeof Outcome>;
export type StartNode = z.infer<typeof StartNode>;
export type AgentNode = z.infer<typeof AgentNode>;
export type HumanNode = z.infer<typeof HumanNode>;
export type EndNode = z.infer<typeof EndNode>;
export type ScriptedToolTurn = z.infer<typeof ScriptedToolTurn>;
export type ScriptStep = string | ScriptedToolTurn;
export type NodeKind = FlowNode["type"];
export const NODE_KINDS: readonly NodeKind[] = ["start", "agent", "human", "end"];

/** JSON Schema of the flow document, generated from the zod schema. */
export function flowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Flow, { io: "input" }) as Record<string, unknown>;
}

/** How an edge's condition reads on the canvas: "approve", "contains: done", "verdict == \"pass\"", "otherwise". */
export function conditionLabel(when: EdgeCondition | undefined): string {
  if (!when || when.kind === "always") return "";
  if (when.kind === "otherwise") return "otherwise";
  if (when.kind === "error" || when.kind === "stuck") return `on ${when.kind}`;
  if (when.kind === "outcome") return when.value;
  if (when.kind === "field") return `${when.path} ${when.op} ${JSON.stringify(when.value)}`;
  return `${when.kind}: ${when.value}`;
}

/** The outcomes a node declares (none for start and end nodes). */
export function outcomesOf(node: FlowNode | undefined): readonly Outcome[] {
  return node && (node.type === "human" || node.type === "agent") ? (node.data.outcomes ?? []) : [];
}
