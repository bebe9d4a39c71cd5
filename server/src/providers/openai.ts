// The OpenAI chat-completions provider; also serves any OpenAI-compatible server via baseURL.
import OpenAI, { APIError } from "openai";
import { chatMessages, type StopReason, type ToolCall, type Usage } from "@tandem/shared";
import { ModelError, type ModelChunk, type ModelProvider, type ModelRequest, type ModelTimeouts, type ProviderModule } from "./types.js";
import { CallGate } from "./call-gate.js";
import { describe, httpModelError, redact } from "./errors.js";
import { StallClock } from "./stall-clock.js";
import { DEFAULT_MODEL_TIMEOUTS } from "./timeouts.js";

export interface OpenAIProviderOptions {
  /** Defaults to OPENAI_API_KEY (the SDK reads it). */
  apiKey?: string;
  /** Defaults to OPENAI_BASE_URL, then https://api.openai.com/v1. */
  baseURL?: string;
  /** How long an attempt may wait on a silent server (each unset one: DEFAULT_MODEL_TIMEOUTS). */
  timeouts?: Partial<ModelTimeouts>;
  /** How many requests may start in one turn of the event loop (default 2). */
  requestsPerTurn?: number;
}

/** OpenAI, or any OpenAI-compatible server at baseURL (local ones take any key). */
export const openaiModule: ProviderModule = {
  create: ({ apiKey, baseURL, timeouts }) => createOpenAIProvider({ apiKey: apiKey ?? "not-needed", baseURL, timeouts }),
  async listModels({ apiKey, baseURL }, signal) {
    const client = new OpenAI({ apiKey: apiKey ?? "not-needed", baseURL, maxRetries: 0 });
    const ids: string[] = [];
    for await (const m of client.models.list({ signal })) ids.push(m.id);
    return ids;
  },
};

export function createOpenAIProvider(options: OpenAIProviderOptions = {}): ModelProvider {
  const defaults: ModelTimeouts = { ...DEFAULT_MODEL_TIMEOUTS, ...options.timeouts };
  const gate = new CallGate(options.requestsPerTurn ?? 2);
  let client: OpenAI | undefined;

  // Built on first use, so a missing key fails only the flows that really call OpenAI.
  function getClient(): OpenAI {
    try {
      // The engine retries with its own policy and events, so the SDK must not retry too.
      client ??= new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
      return client;
    } catch (err) {
      throw new ModelError(redact(`openai: ${describe(err)}`, secret()), false);
    }
  }

  function secret(): string | undefined {
    return client?.apiKey ?? options.apiKey ?? process.env.OPENAI_API_KEY;
  }

  async function* stream(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelChunk> {
    const clock = new StallClock({ ...defaults, ...req.timeouts }, signal);
    let content = "";
    let refusal = "";
    // Streamed calls arrive in pieces keyed by index: id and name first, then the arguments.
    const calls: ToolCall[] = [];
    let usage: Usage | undefined;
    let stopReason: StopReason | undefined;
    try {
      await gate.turn();
      signal.throwIfAborted();
      const openai = getClient();
      clock.connecting();
      // Resolves when the response headers are in.
      const chunks = await openai.chat.completions.create(
        {
          model: req.model,
          messages: chatMessages(req.system, req.speaker, req.transcript),
          temperature: req.temperature,
          ...(req.maxTokens ? { max_completion_tokens: req.maxTokens } : {}),
          stream: true,
          stream_options: { include_usage: true },
          ...(req.output ? { response_format: { type: "json_schema", json_schema: { name: req.output.name, schema: req.output.schema, strict: req.output.strict ?? false } } } : {}),
          ...(req.tools?.length ? { tools: req.tools.map(({ name, description, parameters }) => ({ type: "function", function: { name, description, parameters } })) } : {}),
          ...(req.toolChoice && req.tools?.length ? { tool_choice: req.toolChoice } : {}),
        },
        { signal: clock.signal },
      );
      clock.connected();
      for await (const chunk of chunks) {
        if (chunk.usage) usage = usageOf(chunk.usage);
        const choice = chunk.choices[0];
        if (choice?.finish_reason) stopReason = STOP_REASONS[choice.finish_reason] ?? "other";
        // A structured-output request the model declines comes back as a refusal, not as content.
        if (choice?.delta?.refusal) refusal += choice.delta.refusal;
        let flowing = false;
        for (const piece of choice?.delta?.tool_calls ?? []) {
          const call = (calls[piece.index] ??= { id: "", name: "", arguments: "" });
          if (piece.id) call.id = piece.id;
          if (piece.function?.name) call.name = piece.function.name;
          if (piece.function?.arguments) call.arguments += piece.function.arguments;
          // A call being written is the model at work, like text.
          flowing = true;
        }
        const text = choice?.delta?.content;
        if (text) {
          content += text;
          flowing = true;
          clock.hold();
          yield { type: "delta", text };
        }
        clock.chunk(flowing);
      }
    } catch (err) {
      if (err instanceof ModelError) throw err;
      throw clock.interruption() ?? toModelError(err, secret());
    } finally {
      clock.stop();
    }
    // The SDK ends the iteration quietly when its signal aborts, so a cut-off reply looks like a short one.
    const stopped = clock.interruption();
    if (stopped) throw stopped;
    if (!stopReason) throw new ModelError("model stream ended before the reply finished", true);
    if (refusal && !content) throw new ModelError(`the model refused: ${refusal}`, false);
    const toolCalls = calls.filter((c) => c !== undefined);
    yield { type: "done", content, usage, stopReason, ...(toolCalls.length ? { toolCalls } : {}) };
  }

  return { id: "openai", stream };
}

const STOP_REASONS: Record<string, StopReason> = { stop: "stop", length: "length", tool_calls: "tool_calls", function_call: "tool_calls", content_filter: "content_filter" };

function usageOf(u: OpenAI.CompletionUsage): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens;
  return { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, ...(cached ? { cachedPromptTokens: cached } : {}) };
}

function toModelError(err: unknown, key: string | undefined): ModelError {
  const message = redact(`openai: ${describe(err)}`, key);
  return err instanceof APIError ? httpModelError(message, err.status, err.headers) : httpModelError(message, undefined);
}
