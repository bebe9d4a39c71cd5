// A model provider: messages in, streamed text and a final reply with usage out.
import type { ScriptStep, StopReason, ToolCall, ToolSpec, TranscriptMessage, Usage } from "@tandem/shared";

export interface ModelRequest {
  /** The model name without its provider prefix ("gpt-4o-mini"). */
  model: string;
  system: string;
  /** The speaking agent's name: its own earlier messages are sent as "assistant". */
  speaker: string;
  /** The shared transcript so far. Read-only: providers must not keep or change it. */
  transcript: readonly TranscriptMessage[];
  temperature?: number;
  /** The longest reply, in tokens (unset: the provider's default). */
  maxTokens?: number;
  /** Where this call is in the run, for providers that answer from a recording. */
  nodeId: string;
  visit: number;
  /** The node's script, for the scripted provider. */
  script?: readonly ScriptStep[];
  /** The node's own timeouts; the rest come from the provider's defaults. */
  timeouts?: Partial<ModelTimeouts>;
  /** Ask for structured output: a JSON reply of this schema (the reply is still checked by the caller). */
  output?: StructuredOutput;
  /** Tools the model may call; none (or empty) means it must answer in text. */
  tools?: ToolSpec[];
  /** "none": the tools are described but must not be called. */
  toolChoice?: "auto" | "none";
}

export interface StructuredOutput {
  /** A short name for the schema ("reading", "qa_verdict"): letters, digits, _ and -. */
  name: string;
  schema: Record<string, unknown>;
  /** The provider enforces the schema exactly (it must then list every property as required and forbid others). */
  strict?: boolean;
}

/** How long a call may wait on a silent model server, in ms, before it is given up and retried. */
export interface ModelTimeouts {
  /** From sending the request until the response headers arrive. */
  connectMs: number;
  /** From the headers until the first streamed text or tool call. */
  firstTokenMs: number;
  /** Between one streamed chunk and the next, once text (or a tool call) flows. */
  betweenTokensMs: number;
}

export type ModelChunk =
  | { type: "delta"; text: string }
  /** toolCalls: the calls the model asked for, arguments as the raw JSON text it wrote (ids are the provider's). */
  | {
      type: "done";
      content: string;
      usage?: Usage;
      toolCalls?: ToolCall[];
      stopReason?: StopReason;
      /** What the call cost, when the provider knows better than the price table (a replay gives back the recorded cost). */
      costUsd?: number;
    };

export interface ModelProvider {
  readonly id: string;
  /** Streams one reply. Ends with exactly one "done" chunk; throws ModelError on failure. */
  stream(req: ModelRequest, signal: AbortSignal): AsyncIterable<ModelChunk>;
}

/** How a provider is reached: from the environment, never from a flow. */
export interface ProviderConfig {
  apiKey?: string;
  baseURL?: string;
  timeouts: ModelTimeouts;
}

/** What each provider's file exports: a provider for a configuration, and its live model list. */
export interface ProviderModule {
  create(config: ProviderConfig): ModelProvider;
  /** Model ids without the provider prefix. */
  listModels(config: ProviderConfig, signal: AbortSignal): Promise<string[]>;
}

/** A failed model call, classified so the engine knows whether to try again. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** Server-asked wait before retrying, in ms (from Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ModelError";
  }
}
