// Google's Gemini API (generativelanguage), through the official @google/genai SDK.
import { FinishReason, FunctionCallingConfigMode, GoogleGenAI, type Candidate, type GenerateContentConfig, type GenerateContentResponseUsageMetadata } from "@google/genai";
import type { StopReason, ToolCall, Usage } from "@tandem/shared";
import { ModelError, type ModelChunk, type ModelProvider, type ModelRequest, type ProviderConfig, type ProviderModule } from "./types.js";
import { CallGate } from "./call-gate.js";
import { geminiError } from "./gemini-errors.js";
import { geminiPrompt } from "./gemini-messages.js";
import { StallClock } from "./stall-clock.js";

export const geminiModule: ProviderModule = {
  create: (config) => createGeminiProvider(config),
  async listModels(config, signal) {
    const ids: string[] = [];
    try {
      for await (const model of await client(config).models.list({ config: { abortSignal: signal } })) {
        // Embedding and other models that cannot write a reply are of no use to an agent.
        if (model.name && (!model.supportedActions || model.supportedActions.includes("generateContent"))) ids.push(model.name.replace(/^models\//, ""));
      }
    } catch (err) {
      throw geminiError(err, config.apiKey, undefined);
    }
    return ids;
  },
};

/**
 * The SDK's own retries are off unless retryOptions is given, and stay off: the engine retries
 * with its own policy and events. v1beta, since JSON-schema output and tool parameters are beta there.
 */
function client({ apiKey, baseURL }: Pick<ProviderConfig, "apiKey" | "baseURL">): GoogleGenAI {
  return new GoogleGenAI({ apiKey: apiKey ?? "not-needed", vertexai: false, apiVersion: "v1beta", ...(baseURL ? { httpOptions: { baseUrl: baseURL } } : {}) });
}

export function createGeminiProvider(config: ProviderConfig): ModelProvider {
  const gate = new CallGate(2);
  let ai: GoogleGenAI | undefined;

  async function* stream(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelChunk> {
    const clock = new StallClock({ ...config.timeouts, ...req.timeouts }, signal);
    let content = "";
    const calls: ToolCall[] = [];
    let usage: Usage | undefined;
    let finish: Candidate | undefined;
    let blockedPrompt: string | undefined;
    try {
      await gate.turn();
      signal.throwIfAborted();
      ai ??= client(config);
      clock.connecting();
      const { systemInstruction, contents } = geminiPrompt(req.system, req.speaker, req.transcript);
      // Resolves when the response headers are in.
      const chunks = await ai.models.generateContentStream({ model: req.model, contents, config: { ...requestConfig(req), ...(systemInstruction ? { systemInstruction } : {}), abortSignal: clock.signal } });
      clock.connected();
      for await (const chunk of chunks) {
        if (chunk.usageMetadata) usage = usageOf(chunk.usageMetadata);
        if (chunk.promptFeedback?.blockReason) blockedPrompt = chunk.promptFeedback.blockReason;
        const candidate = chunk.candidates?.[0];
        if (candidate?.finishReason) finish = candidate;
        let flowing = false;
        for (const part of candidate?.content?.parts ?? []) {
          // Thinking is the model at work too, though its text is not the reply.
          if (part.thought) flowing = true;
          else if (part.functionCall) {
            const { id, name = "", args = {} } = part.functionCall;
            // Gemini gives most calls no id; the engine gives every call its own id anyway.
            calls.push({ id: id || `gemini_call_${calls.length + 1}`, name, arguments: JSON.stringify(args) });
            flowing = true;
          } else if (part.text) {
            content += part.text;
            flowing = true;
            clock.hold();
            yield { type: "delta", text: part.text };
          }
        }
        clock.chunk(flowing);
      }
    } catch (err) {
      if (err instanceof ModelError) throw err;
      throw clock.interruption() ?? geminiError(err, config.apiKey, req.model);
    } finally {
      clock.stop();
    }
    // The SDK may end the iteration quietly when its signal aborts, so a cut-off reply looks like a short one.
    const stopped = clock.interruption();
    if (stopped) throw stopped;
    if (blockedPrompt) throw new ModelError(`gemini: the prompt was blocked (${blockedPrompt})`, false);
    if (!finish?.finishReason) throw new ModelError("model stream ended before the reply finished", true);
    const stopReason = calls.length ? "tool_calls" : (STOP_REASONS[finish.finishReason] ?? "other");
    if (stopReason === "content_filter" && !content) throw new ModelError(`gemini: the reply was blocked (${blockedWhy(finish)})`, false);
    yield { type: "done", content, usage, stopReason, ...(calls.length ? { toolCalls: calls } : {}) };
  }

  return { id: "gemini", stream };
}

function requestConfig(req: ModelRequest): GenerateContentConfig {
  const tools = req.tools?.length ? req.tools : undefined;
  return {
    temperature: req.temperature,
    ...(req.maxTokens ? { maxOutputTokens: req.maxTokens } : {}),
    ...(req.output ? { responseMimeType: "application/json", responseJsonSchema: req.output.schema } : {}),
    ...(tools ? { tools: [{ functionDeclarations: tools.map(({ name, description, parameters }) => ({ name, description, parametersJsonSchema: parameters })) }] } : {}),
    ...(tools && req.toolChoice ? { toolConfig: { functionCallingConfig: { mode: req.toolChoice === "none" ? FunctionCallingConfigMode.NONE : FunctionCallingConfigMode.AUTO } } } : {}),
    // A reply broken off is retried whole by the engine, not resumed by the SDK.
    automaticContinuation: false,
  };
}

const FILTERED: readonly string[] = [FinishReason.SAFETY, FinishReason.RECITATION, FinishReason.BLOCKLIST, FinishReason.PROHIBITED_CONTENT, FinishReason.SPII, FinishReason.IMAGE_SAFETY];
const STOP_REASONS: Record<string, StopReason> = {
  [FinishReason.STOP]: "stop",
  [FinishReason.MAX_TOKENS]: "length",
  ...Object.fromEntries(FILTERED.map((reason) => [reason, "content_filter" as const])),
};

/** "SAFETY: HARM_CATEGORY_DANGEROUS_CONTENT": the reason, and the categories that blocked it when Gemini says. */
function blockedWhy(candidate: Candidate): string {
  const categories = (candidate.safetyRatings ?? []).filter((r) => r.blocked && r.category).map((r) => r.category);
  return [candidate.finishReason, ...(categories.length ? [categories.join(", ")] : [])].join(": ");
}

/** Thinking tokens are billed as output, so they count as completion tokens. */
function usageOf(u: GenerateContentResponseUsageMetadata): Usage {
  const cached = u.cachedContentTokenCount;
  return { promptTokens: u.promptTokenCount ?? 0, completionTokens: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0), ...(cached ? { cachedPromptTokens: cached } : {}) };
}
