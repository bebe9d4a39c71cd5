// Tools in the flow document: which tools an agent may call and when a person must approve a
// call, the HTTP tools a flow defines, and the text the model gets back for each call. Which
// MCP servers exist and what secrets hold is server configuration, never part of a flow.
import { z } from "zod";
import { compareField, FIELD_OPS, valueAt } from "./field-ops.js";
import { Assignment } from "./people.js";

/** A tool name as models accept it. */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const toolName = z.string().regex(TOOL_NAME, "letters, digits, _ and - only (at most 64)");

/** "mcp:<server>/<tool>", "http:<name>" (one of the flow's httpTools) or "code:<name>" (a tool given in code). */
export const TOOL_REF = /^(mcp:[A-Za-z0-9_.-]{1,64}\/[A-Za-z0-9_.-]{1,64}|http:[A-Za-z0-9_-]{1,64}|code:[A-Za-z0-9_-]{1,64})$/;

export const DEFAULT_TOOL_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_TOOL_CALLS = 10;

/** When a person must approve a call: never, always, or when a condition on its arguments holds. */
export const ApprovalPolicy = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("never") }),
  z.object({ mode: z.literal("always") }),
  z.object({
    mode: z.literal("when"),
    path: z.string().min(1, "expected an argument path, e.g. amount").max(200),
    op: z.enum(FIELD_OPS),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  }),
]);

export const ToolUse = z.object({
  ref: z.string().regex(TOOL_REF, 'expected "mcp:<server>/<tool>", "http:<name>" or "code:<name>"'),
  // Acting is the reason for a person in the loop: a tool asks unless the flow says otherwise.
  approval: ApprovalPolicy.default({ mode: "always" }),
  timeoutSeconds: z.number().positive("expected more than 0 seconds").max(3600, "at most 3600 seconds (an hour)").optional(),
  /** Who approves a call (besides admins); unset or empty: anyone who may answer questions. */
  approvers: Assignment.optional(),
});

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** An HTTP request the model can make: templates filled from the call's arguments ({{path}}) and, in headers only, secrets ({{secret.NAME}}). */
export const HttpTool = z.object({
  name: toolName,
  description: z.string().max(2000, "at most 2000 characters").default(""),
  method: z.enum(HTTP_METHODS),
  url: z.string().min(1, "expected a URL").max(2000, "at most 2000 characters"),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().max(20_000, "at most 20000 characters").optional(),
  parameters: z.record(z.string(), z.unknown()).default({ type: "object", properties: {} }),
});

export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;
export type ToolUse = z.infer<typeof ToolUse>;
export type HttpTool = z.infer<typeof HttpTool>;

/** What a model is told of a tool. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object). */
  parameters: Record<string, unknown>;
}

export type ToolRef = { kind: "mcp"; server: string; tool: string } | { kind: "http"; name: string } | { kind: "code"; name: string };

export function parseToolRef(ref: string): ToolRef | undefined {
  if (!TOOL_REF.test(ref)) return undefined;
  const colon = ref.indexOf(":");
  const kind = ref.slice(0, colon);
  const rest = ref.slice(colon + 1);
  if (kind === "mcp") {
    const slash = rest.indexOf("/");
    return { kind, server: rest.slice(0, slash), tool: rest.slice(slash + 1) };
  }
  return { kind: kind as "http" | "code", name: rest };
}

/** The name a model calls the tool by. */
export function toolNameOf(ref: string): string {
  const parsed = parseToolRef(ref);
  return !parsed ? ref : parsed.kind === "mcp" ? parsed.tool : parsed.name;
}

/** How a policy reads: "always", "never", "amount > 100". */
export function approvalLabel(policy: ApprovalPolicy): string {
  return policy.mode === "when" ? `${policy.path} ${policy.op} ${JSON.stringify(policy.value)}` : policy.mode;
}

/** Whether a call with these arguments needs a person, and why. */
export function approvalFor(policy: ApprovalPolicy, args: unknown): { required: boolean; why: string } {
  if (policy.mode !== "when") return { required: policy.mode === "always", why: policy.mode };
  return { required: compareField(valueAt(args, policy.path), policy.op, policy.value), why: approvalLabel(policy) };
}
