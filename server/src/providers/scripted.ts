// The offline model: deterministic replies streamed word by word, so that the studio and the
// examples work with no API key. A node's `script` gives its replies in turn (one per visit,
// the last repeated); a step may first call tools, then answer with their result. Without a
// script, a built-in demo text names the node and what it was asked, or, when structured output
// is asked for, the plainest value that fits the schema.
import type { OutputSchema, ScriptedToolTurn, ToolCall } from "@tandem/shared";
import type { ModelChunk, ModelProvider, ModelRequest } from "./types.js";

export interface ScriptedOptions {
  /** Pause between streamed words, so that streaming can be watched (0 in tests). */
  tokenDelayMs?: number;
}

function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function demoReply(req: Pick<ModelRequest, "speaker" | "transcript" | "visit">): string {
  const ask = req.transcript.find((m) => m.role === "user")?.content ?? "";
  const last = req.transcript[req.transcript.length - 1];
  const feedback = last && last.role === "user" && last !== req.transcript[0] ? last : undefined;
  if (feedback) {
    return `${req.speaker} (draft ${req.visit}): revised as ${feedback.name} asked — "${clip(feedback.content, 120)}". ` +
      `Here is the new version for "${clip(ask, 80)}": a shorter, clearer text that keeps the key points.`;
  }
  return `${req.speaker} (draft ${req.visit}): here is my answer to "${clip(ask)}". ` +
    "This reply comes from Tandem's offline scripted model; set OPENAI_API_KEY for a real model.";
}

const OFFLINE_TEXT = "offline reply";

/** The plainest value that fits `schema`: the first allowed value, the minimum or 0, false, a short text. */
export function sampleValue(schema: OutputSchema): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const num = (key: string) => (typeof schema[key] === "number" ? (schema[key] as number) : undefined);
  switch (schema.type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, OutputSchema>;
      return Object.fromEntries(Object.entries(props).map(([name, sub]) => [name, sampleValue(sub)]));
    }
    case "array":
      return Array.from({ length: num("minItems") ?? 0 }, () => sampleValue((schema.items ?? {}) as OutputSchema));
    case "number":
    case "integer": {
      const low = num("minimum") ?? Math.min(0, num("maximum") ?? 0);
      return schema.type === "integer" ? Math.ceil(low) : low;
    }
    case "boolean":
      return false;
    case "string":
      return OFFLINE_TEXT.slice(0, num("maxLength")).padEnd(num("minLength") ?? 0, ".");
    default:
      return null;
  }
}

type Scripted = { content: string; toolCalls?: ToolCall[] };

function scriptedReply(req: ModelRequest): Scripted {
  const script = req.script;
  if (script && script.length > 0) {
    const step = script[Math.min(req.visit, script.length) - 1]!;
    return typeof step === "string" ? { content: step } : toolTurn(step, req);
  }
  return { content: req.output ? JSON.stringify(sampleValue(req.output.schema)) : demoReply(req) };
}

/** Calls the step's tools until their result is in (or tools are withheld), then answers with it. */
function toolTurn(step: ScriptedToolTurn, req: ModelRequest): Scripted {
  const result = ownToolResult(req);
  const mayCall = (req.tools?.length ?? 0) > 0 && req.toolChoice !== "none";
  if (mayCall && result === undefined) {
    const toolCalls = step.calls.map((c, i) => ({ id: `call_${i + 1}`, name: c.tool, arguments: JSON.stringify(c.arguments) }));
    return { content: "", toolCalls };
  }
  return { content: step.reply.replaceAll("{{result}}", result ?? "") };
}

/** The content of the transcript's last message when it is the result of one of the speaker's own calls. */
function ownToolResult(req: Pick<ModelRequest, "speaker" | "transcript">): string | undefined {
  const last = req.transcript.at(-1);
  if (last?.role !== "tool") return undefined;
  const own = req.transcript.some((m) => m.role === "assistant" && m.name === req.speaker && m.toolCalls?.some((c) => c.id === last.toolCallId));
  return own ? last.content : undefined;
}

export function createScriptedProvider(options: ScriptedOptions = {}): ModelProvider {
  const delay = options.tokenDelayMs ?? 0;
  return {
    id: "scripted",
    async *stream(req: ModelRequest, signal: AbortSignal): AsyncIterable<ModelChunk> {
      const { content, toolCalls } = scriptedReply(req);
      const words = content.match(/\S+\s*|\s+/g) ?? [];
      for (const word of words) {
        signal.throwIfAborted();
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        yield { type: "delta", text: word };
      }
      const completionTokens = words.length + (toolCalls ?? []).reduce((n, c) => n + Math.ceil(c.arguments.length / 4), 0);
      const promptTokens = req.transcript.reduce((n, m) => n + Math.ceil(m.content.length / 4), Math.ceil(req.system.length / 4));
      yield { type: "done", content, usage: { promptTokens, completionTokens }, ...(toolCalls ? { toolCalls } : {}) };
    },
  };
}
