// One structured-output model call made on an evaluation's behalf (a simulated person, a
// judge with a rubric): the model named, through the registry, its JSON reply parsed.
import type { TranscriptMessage } from "@tandem/shared";
import { callModel } from "../engine/model-call.js";
import type { ProviderRegistry } from "../providers/registry.js";
import type { StructuredOutput } from "../providers/types.js";

/** With no model chosen: the offline scripted one, so evaluations work with no API key. */
export const OFFLINE_MODEL = "scripted/demo";

export interface StructuredAsk {
  system: string;
  speaker: string;
  transcript: readonly TranscriptMessage[];
  output: StructuredOutput;
}

/** The reply as text and as parsed JSON (an object, else an empty one). */
export async function askStructured(registry: ProviderRegistry, ref: string, ask: StructuredAsk): Promise<{ content: string; value: Record<string, unknown> }> {
  const { provider, model } = registry.resolve(ref);
  const retry = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 5000 };
  const reply = await callModel({ retry, signal: new AbortController().signal }, provider, { ...ask, model, temperature: 0, nodeId: ask.speaker, visit: 1 });
  let value: unknown;
  try {
    value = JSON.parse(reply.content);
  } catch {
    value = {};
  }
  return { content: reply.content, value: typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {} };
}
