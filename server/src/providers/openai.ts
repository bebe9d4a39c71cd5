// The OpenAI chat-completions provider; also serves any OpenAI-compatible server via baseURL.
import OpenAI, { APIError } from "openai";
import { chatMessages, type ToolCall, type Usage } from "@tandem/shared";
import { ModelError, type ModelChunk, type ModelProvider, type ModelRequest, type ModelTimeouts } from "./types.js";
import { retryAfterMs } from "./retry-after.js";
import { CallGate } from "./call-gate.js";
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
    const limits = { ...defaults, ...req.timeouts };
    const stall = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let stalled: ModelError | undefined;
    // Each phase of the call has its own limit; the one that runs out says which it was.
    const arm = (ms: number, reason: (wait: string) => string) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = new ModelError(reason(duration(ms)), true);
        stall.abort();
      }, ms);
    };
    // Why the attempt stopped, if it was stopped from our side rather than by the server.
    const interruption = () => (signal.aborted ? signal.reason : stalled);

    let content = "";
    let refusal = "";
    // Streamed calls arrive in pieces keyed by index: id and name first, then the arguments.
    const calls: ToolCall[] = [];
    let usage: Usage | undefined;
    let finished = false;
    let flowing = false;
    try {
      await gate.turn();
      signal.throwIfAborted();
      const openai = getClient();
      arm(limits.connectMs, (wait) => `no response from the model server after ${wait} (connect timeout)`);
      // Resolves when the response headers are in.
      const chunks = await openai.chat.completions.create(
        {
          model: req.model,
          messages: chatMessages(req.system, req.speaker, req.transcript),
          temperature: req.temperature,
          stream: true,
          stream_options: { include_usage: true },
          ...(req.output ? { response_format: { type: "json_schema", json_schema: { name: req.output.name, schema: req.output.schema, strict: req.output.strict ?? false } } } : {}),
          ...(req.tools?.length ? { tools: req.tools.map(({ name, description, parameters }) => ({ type: "function", function: { name, description, parameters } })) } : {}),
          ...(req.toolChoice && req.tools?.length ? { tool_choice: req.toolChoice } : {}),
        },
        { signal: AbortSignal.any([signal, stall.signal]) },
      );
      arm(limits.firstTokenMs, (wait) => `no first token after ${wait} (first-token timeout)`);
      for await (const chunk of chunks) {
        if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finished = true;
        // A structured-output request the model declines comes back as a refusal, not as content.
        if (choice?.delta?.refusal) refusal += choice.delta.refusal;
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
          // A slow consumer is not a silent server: the clock only runs while we wait for the network.
          clearTimeout(timer);
          yield { type: "delta", text };
        }
        // Before the first text or tool call, empty chunks (the role, keep-alives) do not stop the first-token clock.
        if (flowing) arm(limits.betweenTokensMs, (wait) => `no token for ${wait} after the last one (between-tokens timeout)`);
      }
    } catch (err) {
      if (err instanceof ModelError) throw err;
      throw interruption() ?? toModelError(err, secret());
    } finally {
      clearTimeout(timer);
    }
    // The SDK ends the iteration quietly when its signal aborts, so a cut-off reply looks like a short one.
    const stopped = interruption();
    if (stopped) throw stopped;
    if (!finished) throw new ModelError("model stream ended before the reply finished", true);
    if (refusal && !content) throw new ModelError(`the model refused: ${refusal}`, false);
    const toolCalls = calls.filter((c) => c !== undefined);
    yield { type: "done", content, usage, ...(toolCalls.length ? { toolCalls } : {}) };
  }

  return { id: "openai", stream };
}

/** "200 ms", "1.5 s", "30 s": how a timeout reads in an error. */
function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

function toModelError(err: unknown, key: string | undefined): ModelError {
  const message = redact(`openai: ${describe(err)}`, key);
  if (err instanceof APIError && typeof err.status === "number") {
    const status = err.status;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return new ModelError(message, retryable, status, retryAfterMs(err.headers));
  }
  // Connection failures, error events inside a 200 stream and broken bodies are all transient.
  return new ModelError(message, true);
}

/** The error's message plus its causes (a bare "Connection error." says too little). Never headers. */
function describe(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current !== undefined; depth++) {
    const text = current instanceof Error ? current.message : String(current);
    if (text && !parts.includes(text)) parts.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(": ");
}

/** Error text can echo what the server was sent; keep the key (and anything key-shaped) out of it. */
function redact(text: string, key: string | undefined): string {
  let out = key ? text.split(key).join("[redacted]") : text;
  out = out.replace(/\bsk-[A-Za-z0-9_-]{4,}/g, "sk-[redacted]");
  return out.replace(/\bBearer\s+\S+/gi, "Bearer [redacted]");
}
