// The Ollama provider: a local (or remote) Ollama server through its own SDK and chat API.
// The SDK has no retries of its own; the engine retries with its policy and events.
import { Ollama, type AbortableAsyncIterator, type ChatResponse } from "ollama";
import type { StopReason, ToolCall, Usage } from "@tandem/shared";
import { ModelError, type ModelChunk, type ModelProvider, type ModelRequest, type ProviderConfig, type ProviderModule } from "./types.js";
import { CallGate } from "./call-gate.js";
import { describe, httpModelError, redact } from "./errors.js";
import { ollamaMessages } from "./ollama-messages.js";
import { StallClock } from "./stall-clock.js";

/** Ollama needs no key; one set in the configuration is sent as a bearer token (a proxy in front of it may ask for one). */
export const ollamaModule: ProviderModule = {
  create: (config) => createOllamaProvider(config),
  async listModels(config, signal) {
    const { models } = await callClient(config, signal).ollama.list();
    return models.map((m) => m.name);
  },
};

/**
 * A client for one call. The SDK takes no AbortSignal until a stream has started, and its errors
 * drop the response headers (Retry-After), so its fetch adds the call's signal and keeps them.
 * A client per call also keeps the SDK's list of open streams, which only a finished stream
 * leaves, from growing with every failed or cancelled call.
 */
function callClient({ apiKey, baseURL }: ProviderConfig, signal: AbortSignal): { ollama: Ollama; headers: () => Headers | undefined } {
  let headers: Headers | undefined;
  const ollama = new Ollama({
    host: baseURL,
    ...(apiKey ? { headers: { Authorization: `Bearer ${apiKey}` } } : {}),
    async fetch(input, init = {}) {
      const response = await fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, signal]) : signal });
      headers = response.headers;
      return response;
    },
  });
  return { ollama, headers: () => headers };
}

export function createOllamaProvider(config: ProviderConfig): ModelProvider {
  const gate = new CallGate(2);

  async function* stream(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelChunk> {
    const clock = new StallClock({ ...config.timeouts, ...req.timeouts }, signal);
    const { ollama, headers } = callClient(config, clock.signal);
    let chunks: AbortableAsyncIterator<ChatResponse> | undefined;
    let content = "";
    const calls: ToolCall[] = [];
    let usage: Usage | undefined;
    let doneReason: string | undefined;
    try {
      await gate.turn();
      signal.throwIfAborted();
      clock.connecting();
      // Resolves when the response headers are in.
      chunks = await ollama.chat({
        model: req.model,
        messages: ollamaMessages(req.system, req.speaker, req.transcript),
        stream: true,
        ...(req.output ? { format: req.output.schema } : {}),
        // Ollama has no tool choice: "none" is met by not offering the tools.
        ...(req.tools?.length && req.toolChoice !== "none" ? { tools: req.tools.map(({ name, description, parameters }) => ({ type: "function", function: { name, description, parameters } })) } : {}),
        options: { ...(req.temperature !== undefined ? { temperature: req.temperature } : {}), ...(req.maxTokens ? { num_predict: req.maxTokens } : {}) },
      });
      clock.connected();
      for await (const chunk of chunks) {
        let flowing = false;
        for (const call of chunk.message?.tool_calls ?? []) {
          // Ollama gives no call ids, and the arguments as an object.
          calls.push({ id: `ollama_call_${calls.length + 1}`, name: call.function.name, arguments: JSON.stringify(call.function.arguments ?? {}) });
          flowing = true;
        }
        if (chunk.done) {
          doneReason = chunk.done_reason ?? "stop";
          usage = { promptTokens: chunk.prompt_eval_count ?? 0, completionTokens: chunk.eval_count ?? 0 };
        }
        const text = chunk.message?.content;
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
      throw clock.interruption() ?? toModelError(err, req.model, headers(), config.apiKey);
    } finally {
      clock.stop();
      // Hangs up when the reader stopped early; after the last line it changes nothing.
      chunks?.abort();
    }
    const stopped = clock.interruption();
    if (stopped) throw stopped;
    if (!doneReason) throw ENDED_EARLY();
    const stopReason: StopReason = calls.length ? "tool_calls" : (STOP_REASONS[doneReason] ?? "other");
    yield { type: "done", content, usage, stopReason, ...(calls.length ? { toolCalls: calls } : {}) };
  }

  return { id: "ollama", stream };
}

const STOP_REASONS: Record<string, StopReason> = { stop: "stop", length: "length" };

const ENDED_EARLY = () => new ModelError("model stream ended before the reply finished", true);

/** What the SDK throws when the stream ends without its last ("done") line. */
const SDK_ENDED_EARLY = "Did not receive done or success response in stream.";

/**
 * The SDK's errors as ModelErrors. An HTTP error carries status_code; an `{"error"}` line inside
 * a streamed reply (the model runner failed mid-reply) and a broken connection carry none and are
 * worth another try.
 */
function toModelError(err: unknown, model: string, headers: Headers | undefined, key: string | undefined): ModelError {
  if (err instanceof Error && err.message === SDK_ENDED_EARLY) return ENDED_EARLY();
  const status = err instanceof Error && err.name === "ResponseError" ? (err as Error & { status_code: number }).status_code : undefined;
  const message = redact(`ollama: ${describe(err)}${hint(status, describe(err), model)}`, key);
  return httpModelError(message, status, status === undefined ? undefined : headers);
}

/** What a person does about the errors they can fix. */
function hint(status: number | undefined, text: string, model: string): string {
  if (status === 404 && /^model ".*" not found/.test(text)) return ` (the Ollama server does not have it: run "ollama pull ${model}" there)`;
  // Any other 404 is a wrong address, often the OpenAI-compatible one.
  if (status === 404) return " (is OLLAMA_HOST the Ollama server's own address, without /v1?)";
  if (status === 400 && /context/i.test(text)) return " (the conversation is longer than the model's context window)";
  return "";
}
