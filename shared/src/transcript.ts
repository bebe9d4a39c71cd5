// What an agent is sent: its system message, then the shared transcript (group-chat style):
// its own messages as "assistant", everyone else's as "user" with the speaker's name.
import type { TranscriptMessage } from "./state.js";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
  name?: string;
}

/** OpenAI allows names matching ^[a-zA-Z0-9_-]{1,64}$. */
export function chatName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "user";
}

export function chatMessages(system: string, speaker: string, transcript: readonly TranscriptMessage[], count = transcript.length): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (system) out.push({ role: "system", content: system });
  for (let i = 0; i < count; i++) {
    const m = transcript[i]!;
    out.push(m.name === speaker && m.role === "assistant"
      ? { role: "assistant", content: m.content }
      : { role: "user", name: chatName(m.name), content: m.content });
  }
  return out;
}
