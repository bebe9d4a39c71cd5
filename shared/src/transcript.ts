// What an agent is sent: its system message, then the shared transcript (group-chat style):
// its own messages as "assistant", everyone else's as "user" with the speaker's name. Its own
// tool calls and their results go in OpenAI's shape; other speakers' tool traffic is left out
// (they see the answers it led to).
import type { TranscriptMessage } from "./state.js";

/** One call of an assistant turn, as OpenAI's chat API takes it back. */
export interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: "system" | "user" | "assistant"; content: string; name?: string }
  /** A turn that called tools: content is null when it said nothing with them. */
  | { role: "assistant"; content: string | null; tool_calls: ChatToolCall[]; name?: undefined }
  | { role: "tool"; tool_call_id: string; content: string; name?: undefined };

/** OpenAI allows names matching ^[a-zA-Z0-9_-]{1,64}$. */
export function chatName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "user";
}

/** The first `count` transcript messages as the speaker's model reads them (some may be left out, so fewer may come back). */
export function chatMessages(system: string, speaker: string, transcript: readonly TranscriptMessage[], count = transcript.length): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (system) out.push({ role: "system", content: system });
  // A tool message is the speaker's when it answers one of the speaker's own calls.
  const ownCalls = new Set<string>();
  for (let i = 0; i < count; i++) {
    const m = transcript[i]!;
    const own = m.name === speaker && m.role === "assistant";
    if (m.role === "tool") {
      if (m.toolCallId !== undefined && ownCalls.has(m.toolCallId)) out.push({ role: "tool", tool_call_id: m.toolCallId, content: m.content });
    } else if (m.toolCalls?.length) {
      if (!own) continue;
      for (const call of m.toolCalls) ownCalls.add(call.id);
      const calls = m.toolCalls.map((c): ChatToolCall => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
      out.push({ role: "assistant", content: m.content || null, tool_calls: calls });
    } else {
      out.push(own ? { role: "assistant", content: m.content } : { role: "user", name: chatName(m.name), content: m.content });
    }
  }
  return out;
}
