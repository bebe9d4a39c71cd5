// Tandem's transcript as Gemini contents. The group-chat view is chatMessages' (the speaker's
// own turns, its own tool calls and their results); here it takes Gemini's shape: the speaker
// is "model", everyone else "user" text led by their name, calls are functionCall parts and
// results functionResponse parts.
import type { Content, Part } from "@google/genai";
import { chatMessages, type TranscriptMessage } from "@tandem/shared";

export interface GeminiPrompt {
  systemInstruction?: string;
  contents: Content[];
}

export function geminiPrompt(system: string, speaker: string, transcript: readonly TranscriptMessage[]): GeminiPrompt {
  let systemInstruction: string | undefined;
  const contents: Content[] = [];
  // A result names its function in Gemini, and the transcript keeps only the call's id.
  const callNames = new Map<string, string>();
  const add = (role: "user" | "model", part: Part) => {
    const last = contents.at(-1);
    // Gemini wants the two sides to take turns: back-to-back messages of one side share a turn.
    if (last?.role === role) last.parts!.push(part);
    else contents.push({ role, parts: [part] });
  };
  for (const m of chatMessages(system, speaker, transcript)) {
    if (m.role === "system") systemInstruction = m.content;
    else if (m.role === "tool") {
      add("user", { functionResponse: { id: m.tool_call_id, name: callNames.get(m.tool_call_id) ?? "", response: { content: m.content } } });
    } else if (m.role === "assistant" && "tool_calls" in m) {
      if (m.content) add("model", { text: m.content });
      for (const call of m.tool_calls) {
        callNames.set(call.id, call.function.name);
        add("model", { functionCall: { id: call.id, name: call.function.name, args: argsOf(call.function.arguments) } });
      }
    } else if (m.role === "assistant") add("model", { text: m.content });
    else add("user", { text: m.name ? `${m.name}: ${m.content}` : m.content });
  }
  // Gemini needs contents: a call with instructions alone (the judge's) sends them as the user's turn.
  if (contents.length === 0 && systemInstruction) return { contents: [{ role: "user", parts: [{ text: systemInstruction }] }] };
  return { ...(systemInstruction ? { systemInstruction } : {}), contents };
}

/** Gemini takes a call's arguments as an object; the transcript keeps the JSON text the model wrote. */
function argsOf(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
