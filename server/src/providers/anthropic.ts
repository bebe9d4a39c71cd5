// The Anthropic Messages API provider, through the official SDK.
import Anthropic, { APIError } from "@anthropic-ai/sdk";
import type { StopReason, ToolCall, Usage } from "@tandem/shared";
import { ModelError, type ModelChunk, type ModelProvider, type ModelRequest, type ModelTimeouts, type ProviderModule } from "./types.js";
import { anthropicMessages } from "./anthropic-messages.js";
import { CallGate } from "./call-gate.js";
import { describe, httpModelError, redact } from "./errors.js";
import { StallClock } from "./stall-clock.js";
import { DEFAULT_MODEL_TIMEOUTS } from "./timeouts.js";

export interface AnthropicProviderOptions {
  /** Defaults to ANTHROPIC_API_KEY (the SDK reads it). */
  apiKey?: string;
  /** Defaults to ANTHROPIC_BASE_URL, then https://api.anthropic.com. */
  baseURL?: string;
  /** How long an attempt may wait on a silent server (each unset one: DEFAULT_MODEL_TIMEOUTS). */
  timeouts?: Partial<ModelTimeouts>;
  /** How many requests may start in one turn of the event loop (default 2). */
  requestsPerTurn?: number;
}

/** The Messages API requires a reply limit; this one is used when the node sets none. */
export const DEFAULT_MAX_TOKENS = 4096;

export const anthropicModule: ProviderModule = {
  create: ({ apiKey, baseURL, timeouts }) => createAnthropicProvider({ apiKey, baseURL, timeouts }),
  async listModels({ apiKey, baseURL }, signal) {
    const client = new Anthropic({ apiKey, baseURL, maxRetries: 0 });
    const ids: string[] = [];
    for await (const m of client.models.list({}, { signal })) ids.push(m.id);
    return ids;
  },
};

export function createAnthropicProvider(options: AnthropicProviderOptions = {}): ModelProvider {
  const defaults: ModelTimeouts = { ...DEFAULT_MODEL_TIMEOUTS, ...options.timeouts };
  const gate = new CallGate(options.requestsPerTurn ?? 2);
  let client: Anthropic | undefined;

  // Built on first use, so a missing key fails only the flows that really call Anthropic.
  function getClient(): Anthropic {
    try {
      // The engine retries with its own policy and events, so the SDK must not retry too.
      client ??= new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
      return client;
    } catch (err) {
      throw new ModelError(redact(`anthropic: ${describe(err)}`, secret()), false);
    }
  }

  function secret(): string | undefined {
    return client?.apiKey ?? options.apiKey ?? process.env.ANTHROPIC_API_KEY;
  }

  async function* stream(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelChunk> {
    const clock = new StallClock({ ...defaults, ...req.timeouts }, signal);
    let content = "";
    // The structured reply: the input the model wrote for the output tool.
    let output: string | undefined;
    // Content blocks by index: text, a call of one of the agent's tools, or the output tool.
    const blocks: ({ kind: "text" } | { kind: "call"; call: ToolCall } | { kind: "output" })[] = [];
    let usage: RawUsage | undefined;
    let stop: string | null | undefined;
    let finished = false;
    try {
      await gate.turn();
      signal.throwIfAborted();
      const anthropic = getClient();
      clock.connecting();
      // Resolves when the response headers are in.
      const events = await anthropic.messages.create({ ...body(req), stream: true }, { signal: clock.signal });
      clock.connected();
      for await (const event of events) {
        // For the reader: the reply's text, or the structured reply as it is written.
        let text: string | undefined;
        // A call being written is the model at work, like text.
        let flowing = false;
        if (event.type === "message_start") {
          usage = event.message.usage;
        } else if (event.type === "content_block_start") {
          const block = event.content_block;
          if (block.type === "tool_use" && block.name === req.output?.name) blocks[event.index] = { kind: "output" };
          else if (block.type === "tool_use") blocks[event.index] = { kind: "call", call: { id: block.id || `anthropic_call_${event.index + 1}`, name: block.name, arguments: "" } };
          else blocks[event.index] = { kind: "text" };
          flowing = block.type === "tool_use";
        } else if (event.type === "content_block_delta") {
          const block = blocks[event.index];
          const delta = event.delta;
          if (delta.type === "text_delta" && block?.kind === "text") content += text = delta.text;
          else if (delta.type === "input_json_delta" && block?.kind === "output") output = (output ?? "") + (text = delta.partial_json);
          else if (delta.type === "input_json_delta" && block?.kind === "call") block.call.arguments += delta.partial_json;
          flowing = true;
        } else if (event.type === "message_delta") {
          stop = event.delta.stop_reason;
          // Running totals: the output count grows, and the input counts may be restated.
          usage = { ...usage, ...counted(event.usage) };
        } else if (event.type === "message_stop") {
          finished = true;
        }
        if (text) {
          clock.hold();
          yield { type: "delta", text };
        }
        clock.chunk(flowing);
      }
    } catch (err) {
      if (err instanceof ModelError) throw err;
      throw clock.interruption() ?? toModelError(err, req.model, secret());
    } finally {
      clock.stop();
    }
    // The SDK ends the iteration quietly when its signal aborts, so a cut-off reply looks like a short one.
    const stopped = clock.interruption();
    if (stopped) throw stopped;
    if (!finished) throw new ModelError("model stream ended before the reply finished", true);
    if (stop === "refusal") throw new ModelError(`the model refused${content ? `: ${content}` : ""}`, false);
    const toolCalls = blocks.flatMap((b) => (b?.kind === "call" ? [b.call] : []));
    // A call of the output tool is the structured reply, not a call for the engine to make.
    const stopReason: StopReason = stop === "tool_use" && toolCalls.length === 0 ? "stop" : (STOP_REASONS[stop ?? ""] ?? "other");
    yield { type: "done", content: output ?? content, ...(usage ? { usage: usageOf(usage) } : {}), stopReason, ...(toolCalls.length ? { toolCalls } : {}) };
  }

  return { id: "anthropic", stream };
}

/** The request body, streaming aside. */
function body(req: ModelRequest): Anthropic.MessageCreateParamsNonStreaming {
  const tools: Anthropic.Tool[] = (req.tools ?? []).map(({ name, description, parameters }) => ({ name, description, input_schema: parameters as Anthropic.Tool.InputSchema }));
  const callable = tools.length > 0 && req.toolChoice !== "none";
  let toolChoice: Anthropic.ToolChoice | undefined = tools.length > 0 ? { type: req.toolChoice ?? "auto" } : undefined;
  // Anthropic has no JSON reply format: the schema becomes a tool whose input is the reply.
  if (req.output) {
    tools.push({ name: req.output.name, description: "Give your answer by calling this tool.", input_schema: req.output.schema as Anthropic.Tool.InputSchema });
    // Forcing the output tool would keep the model from calling the agent's tools first, so while
    // those may be called it is only offered; the model calls it when it is ready to answer.
    toolChoice = callable ? { type: "auto" } : { type: "tool", name: req.output.name };
  }
  const messages = anthropicMessages(req.speaker, req.transcript);
  // Anthropic needs a message: a call with instructions alone (the judge's) sends them as the user's turn.
  const instructionsOnly = messages.length === 0 && req.system !== "";
  return {
    model: req.model,
    max_tokens: req.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(req.system && !instructionsOnly ? { system: req.system } : {}),
    messages: instructionsOnly ? [{ role: "user", content: req.system }] : messages,
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(tools.length ? { tools, tool_choice: toolChoice } : {}),
  };
}

const STOP_REASONS: Record<string, StopReason> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
};

interface RawUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** Anthropic's input_tokens leaves out the tokens read from and written to the cache; Tandem's prompt counts them all. */
function usageOf(u: RawUsage): Usage {
  const cached = u.cache_read_input_tokens ?? 0;
  const promptTokens = (u.input_tokens ?? 0) + cached + (u.cache_creation_input_tokens ?? 0);
  return { promptTokens, completionTokens: u.output_tokens ?? 0, ...(cached ? { cachedPromptTokens: cached } : {}) };
}

/** The counts a usage report gives (it sends null for those it does not). */
function counted(u: RawUsage): RawUsage {
  return Object.fromEntries(Object.entries(u).filter(([, v]) => typeof v === "number"));
}

/** Anthropic's error types, for an error sent inside a stream that has already answered 200. */
const ERROR_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

function toModelError(err: unknown, model: string, key: string | undefined): ModelError {
  if (!(err instanceof APIError)) return httpModelError(redact(`anthropic: ${describe(err)}`, key), undefined);
  const status = err.status ?? ERROR_STATUS[err.type ?? ""];
  const detail = [status, err.type].filter((p) => p !== undefined && p !== null).join(" ");
  const said = `${detail}${detail ? ": " : ""}${err.apiMessage ?? err.message}`;
  return httpModelError(redact(`anthropic: ${explain(status, said, model)}`, key), status, err.headers);
}

/** What the common refusals mean for the person reading the run. */
function explain(status: number | undefined, said: string, model: string): string {
  if (status === 401 || status === 403) return `the API key was not accepted (${said}); check ANTHROPIC_API_KEY`;
  if (status === 404) return `unknown model "${model}" (${said})`;
  if (status === 400 && /prompt is too long/i.test(said)) return `the conversation is too long for the model's context (${said})`;
  return said;
}
