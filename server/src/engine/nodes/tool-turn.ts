// Settling the tool calls of one model turn. Each call goes: checked against the agent's tools
// and their schemas (a bad call is answered with the error, so the model can try again) →
// requested, with what the approval policy says → asked of a person when it must be → started,
// stored before the call is made → its result. A call found started but without a result (the
// process stopped during it) may or may not have happened: a person decides whether to retry it
// with the same idempotency key or to enter its result. Nothing is ever run twice unasked.
import {
  approvalFor,
  DEFAULT_MAX_TOOL_CALLS,
  DEFAULT_TOOL_TIMEOUT_SECONDS,
  isAssigned,
  fallbackEdge,
  nodeRun,
  valueProblems,
  type AgentNode,
  type ToolCallState,
  type ToolSpec,
  type ToolUse,
} from "@tandem/shared";
import type { NodeContext } from "../context.js";
import { isAbort, RunFailure } from "../errors.js";
import { ToolError } from "../../tools/types.js";
import { FAILED_TOOL_CODES } from "../fallback.js";

export type AgentTools = Map<string, { use: ToolUse; spec: ToolSpec }>;

/** The node's tools by the name the model calls them; a tool that cannot be had fails the run, naming it. */
export async function agentTools(ctx: NodeContext, node: AgentNode): Promise<AgentTools> {
  const tools: AgentTools = new Map();
  for (const use of node.data.tools ?? []) {
    try {
      const spec = await ctx.tools.spec(use.ref, ctx.state.flow);
      tools.set(spec.name, { use, spec });
    } catch (e) {
      if (isAbort(e) || ctx.signal.aborted) throw e;
      throw new RunFailure("tool_unavailable", `${node.data.name}: tool ${use.ref}: ${(e as Error).message}`, node.id);
    }
  }
  return tools;
}

/** The key a tool sees with every attempt of one call: the same after a restart, another in a fork. */
export function idempotencyKey(runId: string, callId: string): string {
  return `tandem-${runId}-${callId}`;
}

/** Moves every call of the turn as far as it can go; true when some wait for a person. */
export async function settleTurn(ctx: NodeContext, node: AgentNode, tools: AgentTools, turn: readonly ToolCallState[]): Promise<boolean> {
  const { log } = ctx;
  const max = node.data.maxToolCalls ?? DEFAULT_MAX_TOOL_CALLS;
  // Calls of this visit before this turn: the model may have been told to stop and called anyway.
  const before = (nodeRun(ctx.state, node.id)?.toolCallCount ?? 0) - turn.length;
  for (const [i, call] of turn.entries()) {
    if (call.status === "proposed" && before + i >= max) {
      log.emit({ type: "tool.failed", nodeId: node.id, callId: call.id, code: "error", error: `maxToolCalls (${max}) reached in this visit: answer without calling tools` });
    }
    if (call.status === "proposed") request(ctx, node, tools, call);
    const asks = (call.status === "requested" && call.approval === "required") || call.status === "unknown";
    if (asks) {
      const approvers = (node.data.tools ?? []).find((u) => u.ref === call.ref)?.approvers;
      log.emit({
        type: "tool.approval.requested",
        nodeId: node.id,
        callId: call.id,
        requestId: ctx.newId(),
        reason: call.status === "unknown" ? "unknown" : "policy",
        ...(isAssigned(approvers) ? { assignees: approvers } : {}),
      });
    }
    if ((call.status === "requested" && call.approval === "none") || call.status === "approved") await execute(ctx, node, call);
  }
  // Durable before anyone is told: a restart asks the same questions with the same ids.
  await log.flush();
  return turn.some((c) => c.status === "awaiting");
}

/** Checks the call against the agent's tools: tool.requested with the policy's verdict, or tool.failed telling the model why. */
function request(ctx: NodeContext, node: AgentNode, tools: AgentTools, call: ToolCallState): void {
  const fail = (code: "unknown_tool" | "invalid_arguments", error: string) => ctx.log.emit({ type: "tool.failed", nodeId: node.id, callId: call.id, code, error });
  const tool = tools.get(call.name);
  if (!tool) {
    const known = [...tools.keys()];
    return void fail("unknown_tool", `there is no tool "${call.name}"; the tools are: ${known.length ? known.join(", ") : "none"}`);
  }
  let args: unknown;
  try {
    args = call.argumentsText.trim() ? JSON.parse(call.argumentsText) : {};
  } catch (e) {
    return void fail("invalid_arguments", `the arguments are not valid JSON (${(e as Error).message})`);
  }
  const problems = valueProblems(tool.spec.parameters, args);
  if (problems.length > 0) return void fail("invalid_arguments", `the arguments do not match the tool's schema: ${problems.join("; ")}`);
  const { required, why } = approvalFor(tool.use.approval, args);
  ctx.log.emit({
    type: "tool.requested",
    nodeId: node.id,
    callId: call.id,
    ref: tool.use.ref,
    tool: call.name,
    arguments: args,
    parameters: tool.spec.parameters,
    approval: required ? "required" : "none",
    why,
  });
}

/** Runs the call: tool.started is stored first, so that a crash during the call is never taken for "not made". */
async function execute(ctx: NodeContext, node: AgentNode, call: ToolCallState): Promise<void> {
  const { log } = ctx;
  const use = (node.data.tools ?? []).find((u) => u.ref === call.ref);
  const key = call.idempotencyKey ?? idempotencyKey(ctx.state.runId, call.id);
  log.emit({ type: "tool.started", nodeId: node.id, callId: call.id, idempotencyKey: key, attempt: call.attempts + 1 });
  await log.flush();
  const started = ctx.now();
  const timeoutMs = Math.round((use?.timeoutSeconds ?? DEFAULT_TOOL_TIMEOUT_SECONDS) * 1000);
  try {
    if (!use) throw new ToolError("unavailable", `the agent no longer has the tool ${call.ref}`);
    const outcome = await ctx.tools.call(use.ref, ctx.state.flow, call.arguments, { idempotencyKey: key, timeoutMs, signal: ctx.signal });
    log.emit({ type: "tool.result", nodeId: node.id, callId: call.id, content: outcome.content, ...(outcome.isError ? { isError: true } : {}), durationMs: ctx.now() - started });
  } catch (e) {
    if (isAbort(e) || ctx.signal.aborted) throw e;
    const error = e instanceof ToolError ? e : new ToolError("error", (e as Error).message ?? String(e));
    log.emit({ type: "tool.failed", nodeId: node.id, callId: call.id, code: error.code, error: error.message, durationMs: ctx.now() - started });
    await log.flush();
    // With an `on error` edge, a failed tool is the node failing (a person decides), not something for the model to work around.
    if (FAILED_TOOL_CODES.has(error.code) && fallbackEdge(ctx.state.flow.edges.filter((e) => e.source === node.id), "error")) {
      throw new RunFailure("tool_failed", `${node.data.name}: tool ${call.name} failed (${error.code}): ${error.message}`, node.id);
    }
  }
  await log.flush();
}
