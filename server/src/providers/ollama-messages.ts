// The shared transcript as Ollama's chat messages: the same group chat as chatMessages, in
// Ollama's shape. Ollama has no speaker names, so other speakers' names lead their text; tool
// calls carry their arguments as objects, and a tool result names its tool instead of a call id.
import type { Message } from "ollama";
import { chatMessages, type TranscriptMessage } from "@tandem/shared";

export function ollamaMessages(system: string, speaker: string, transcript: readonly TranscriptMessage[]): Message[] {
  const toolNames = new Map<string, string>();
  return chatMessages(system, speaker, transcript).map((m): Message => {
    if (m.role === "tool") return { role: "tool", content: m.content, tool_name: toolNames.get(m.tool_call_id) ?? "" };
    if ("tool_calls" in m) {
      for (const call of m.tool_calls) toolNames.set(call.id, call.function.name);
      const calls = m.tool_calls.map((c) => ({ function: { name: c.function.name, arguments: argumentsObject(c.function.arguments) } }));
      return { role: "assistant", content: m.content ?? "", tool_calls: calls };
    }
    return { role: m.role, content: m.name ? `${m.name}: ${m.content}` : m.content };
  });
}

/**
 * Ollama takes arguments as an object. Text that is not a JSON object (a call another provider
 * wrote badly) goes back empty: the tool result that follows already tells the model what failed.
 */
function argumentsObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
