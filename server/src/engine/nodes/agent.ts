// An agent node: model calls over the shared transcript, streamed, retried when the failure is
// worth retrying. When the model calls tools, each call is settled (asked of a person, run,
// answered) and the model is called again, until it answers; then the reply is recorded as the
// node's message. Everything is read back from the run's state, so a visit interrupted at any
// point (a person to ask, a restart) goes on where its events left it. A node with an output
// schema asks for structured output and has its reply checked (structured.ts).
import { DEFAULT_MAX_TOOL_CALLS, nodeRun, schemaRetryMessages, toolCallOf, type AgentNode, type SchemaRetry } from "@tandem/shared";
import type { ResolvedModel } from "../../providers/registry.js";
import type { ModelRequest, ModelTimeouts } from "../../providers/types.js";
import type { NodeContext } from "../context.js";
import { RunFailure } from "../errors.js";
import { callCost } from "../cost.js";
import { stopsAtBudget } from "../budget.js";
import { callModel, ModelCallError, type ModelReply } from "../model-call.js";
import { checkedReply } from "./structured.js";
import { agentTools, settleTurn, type AgentTools } from "./tool-turn.js";

/** The timeouts the node sets, in ms; the provider's defaults fill the rest. */
function nodeTimeouts({ data }: AgentNode): Partial<ModelTimeouts> {
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.max(1, Math.round(seconds * 1000)));
  const timeouts = {
    connectMs: ms(data.connectTimeoutSeconds),
    firstTokenMs: ms(data.firstTokenTimeoutSeconds),
    betweenTokensMs: ms(data.betweenTokensTimeoutSeconds),
  };
  // Unset ones are left out, so that they do not replace a default with undefined.
  return Object.fromEntries(Object.entries(timeouts).filter(([, v]) => v !== undefined));
}

/** Runs (or goes on with) the node's visit; returns with the reply recorded, or with tool calls or the run's budget waiting for a person. */
export async function runAgent(ctx: NodeContext, node: AgentNode, visit: number): Promise<void> {
  let resolved: ResolvedModel;
  try {
    resolved = ctx.registry.resolve(node.data.model);
  } catch (e) {
    throw new RunFailure("model_error", (e as Error).message, node.id);
  }
  const tools = await agentTools(ctx, node);
  const schema = node.data.outputSchema;
  const base: ModelRequest = {
    model: resolved.model,
    system: node.data.systemMessage,
    speaker: node.data.name,
    transcript: ctx.state.messages,
    temperature: node.data.temperature,
    ...(node.data.maxTokens ? { maxTokens: node.data.maxTokens } : {}),
    nodeId: node.id,
    visit,
    script: node.data.script,
    timeouts: nodeTimeouts(node),
    ...(schema ? { output: { name: "output", schema } } : {}),
  };
  for (;;) {
    const turn = (nodeRun(ctx.state, node.id)?.toolTurn ?? []).map((id) => toolCallOf(ctx.state, id)!);
    if (turn.length > 0) {
      // Back with calls still waiting for a person: the run waits, and comes back here when they decide.
      if (await settleTurn(ctx, node, tools, turn)) return;
      // A decision taken meanwhile (while another call ran) leaves a call to run: settle again.
      if (turn.some((c) => !SETTLED.has(c.status))) continue;
    }
    // A run at its budget asks a person before it spends more; the run comes back here once they raise it.
    if (await stopsAtBudget(ctx, node)) return;
    const request = withTools(ctx, node, base, tools);
    const first = await askModel(ctx, node, resolved, request);
    if (first.toolCalls) continue;
    // A reply asked for again (it did not fit the schema) must be plain JSON: no tools then.
    const again = async (retryOf: SchemaRetry) => (await askModel(ctx, node, resolved, { ...request, tools: undefined, toolChoice: undefined }, retryOf)).content;
    const content = schema ? await checkedReply(node, schema, first.content, again) : first.content;
    ctx.log.emit({ type: "message", nodeId: node.id, role: "assistant", name: node.data.name, content });
    return;
  }
}

const SETTLED = new Set(["done", "failed", "rejected"]);

/** The request with the node's tools; once maxToolCalls is reached, the model must answer without them. */
function withTools(ctx: NodeContext, node: AgentNode, base: ModelRequest, tools: AgentTools): ModelRequest {
  if (tools.size === 0) return base;
  const made = nodeRun(ctx.state, node.id)?.toolCallCount ?? 0;
  const specs = [...tools.values()].map((t) => t.spec);
  return { ...base, tools: specs, toolChoice: made >= (node.data.maxToolCalls ?? DEFAULT_MAX_TOOL_CALLS) ? "none" : "auto" };
}

/** One model call, recorded as llm.request … llm.response (with the tool calls it made, under the engine's ids). */
async function askModel(ctx: NodeContext, node: AgentNode, resolved: ResolvedModel, base: ModelRequest, retryOf?: SchemaRetry): Promise<ModelReply> {
  const { log, state } = ctx;
  const callId = ctx.newId();
  log.emit({
    type: "llm.request",
    nodeId: node.id,
    callId,
    model: node.data.model,
    params: node.data.temperature === undefined ? {} : { temperature: node.data.temperature },
    system: node.data.systemMessage,
    messageCount: state.messages.length,
    ...(retryOf ? { retryOf } : {}),
  });
  const request = retryOf ? { ...base, transcript: [...base.transcript, ...schemaRetryMessages(node.id, node.data.name, retryOf)] } : base;
  const started = ctx.now();
  let reply: ModelReply;
  try {
    reply = await callModel(ctx, resolved.provider, request, {
      onDelta: (text) => log.streamed(node.id, text),
      onRetry: ({ attempt, error, delayMs }) => {
        log.dropDelta();
        // Written with the next group, as streamed text is: the retry waits for no write.
        log.emit({ type: "llm.retry", nodeId: node.id, callId, attempt, maxRetries: ctx.retry.maxRetries, error, delayMs });
      },
    });
  } catch (e) {
    if (e instanceof ModelCallError) throw new RunFailure("model_error", `${node.data.name}: ${e.message}`, node.id);
    throw e;
  }
  // The engine's own ids: stable in replays and forks, whatever the provider made up.
  const toolCalls = reply.toolCalls?.map((c) => ({ ...c, id: ctx.newId() }));
  log.emit({
    type: "llm.response",
    nodeId: node.id,
    callId,
    content: reply.content,
    usage: reply.usage,
    ...callCost(ctx.registry, node.data.model, resolved, reply),
    ...(reply.stopReason ? { stopReason: reply.stopReason } : {}),
    latencyMs: ctx.now() - started,
    retries: reply.retries,
    ...(toolCalls ? { toolCalls } : {}),
  });
  return { ...reply, toolCalls };
}
