// An agent node: one model call over the shared transcript, streamed, retried when the
// failure is worth retrying, then the reply is recorded as the node's message. A node with
// an output schema asks for structured output and has its reply checked (structured.ts).
import { schemaRetryMessages, type AgentNode, type SchemaRetry } from "@tandem/shared";
import type { ResolvedModel } from "../../providers/registry.js";
import type { ModelProvider, ModelRequest, ModelTimeouts } from "../../providers/types.js";
import type { NodeContext } from "../context.js";
import { RunFailure } from "../errors.js";
import { callModel, ModelCallError } from "../model-call.js";
import { checkedReply } from "./structured.js";

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

export async function runAgent(ctx: NodeContext, node: AgentNode, visit: number): Promise<void> {
  let resolved: ResolvedModel;
  try {
    resolved = ctx.registry.resolve(node.data.model);
  } catch (e) {
    throw new RunFailure("model_error", (e as Error).message, node.id);
  }
  const schema = node.data.outputSchema;
  const request: ModelRequest = {
    model: resolved.model,
    system: node.data.systemMessage,
    speaker: node.data.name,
    transcript: ctx.state.messages,
    temperature: node.data.temperature,
    nodeId: node.id,
    visit,
    script: node.data.script,
    timeouts: nodeTimeouts(node),
    ...(schema ? { output: { name: "output", schema } } : {}),
  };
  const ask = (retryOf?: SchemaRetry) => askModel(ctx, node, resolved.provider, request, retryOf);
  const first = await ask();
  const content = schema ? await checkedReply(node, schema, first, ask) : first;
  ctx.log.emit({ type: "message", nodeId: node.id, role: "assistant", name: node.data.name, content });
}

/** One model call, recorded as llm.request … llm.response, with retries of failures worth retrying. */
async function askModel(ctx: NodeContext, node: AgentNode, provider: ModelProvider, base: ModelRequest, retryOf?: SchemaRetry): Promise<string> {
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
  let reply;
  try {
    reply = await callModel(ctx, provider, request, {
      onDelta: (text) => log.streamed(node.id, text),
      onRetry: ({ attempt, error, delayMs }) => {
        log.dropDelta();
        log.emit({ type: "llm.retry", nodeId: node.id, callId, attempt, maxRetries: ctx.retry.maxRetries, error, delayMs });
        log.flush();
      },
    });
  } catch (e) {
    if (e instanceof ModelCallError) throw new RunFailure("model_error", `${node.data.name}: ${e.message}`, node.id);
    throw e;
  }
  log.emit({ type: "llm.response", nodeId: node.id, callId, content: reply.content, usage: reply.usage, latencyMs: ctx.now() - started, retries: reply.retries });
  return reply.content;
}
