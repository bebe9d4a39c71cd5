// The shared transcript as Anthropic's Messages API takes it. It starts from the group chat the
// OpenAI provider sends (chatMessages decides whose messages and tool traffic the speaker sees),
// then fits Anthropic's rules: the system message goes apart, roles must alternate (consecutive
// messages of one role are merged), a name is written into the text, tool calls are `tool_use`
// blocks and their results `tool_result` blocks in the next user message.
import type Anthropic from "@anthropic-ai/sdk";
import { chatMessages, type TranscriptMessage } from "@tandem/shared";

type Block = Anthropic.ContentBlockParam;

export function anthropicMessages(speaker: string, transcript: readonly TranscriptMessage[]): Anthropic.MessageParam[] {
  const out: { role: "user" | "assistant"; content: Block[] }[] = [];
  const add = (role: "user" | "assistant", blocks: Block[]) => {
    if (blocks.length === 0) return;
    const last = out.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  // No system message here: the request carries it apart.
  for (const m of chatMessages("", speaker, transcript)) {
    if (m.role === "tool") add("user", [{ type: "tool_result", tool_use_id: m.tool_call_id, content: m.content }]);
    else if ("tool_calls" in m) add("assistant", [...text(m.content), ...m.tool_calls.map((c): Block => ({ type: "tool_use", id: c.id, name: c.function.name, input: toolInput(c.function.arguments) }))]);
    else if (m.role === "user") add("user", text(m.name ? `${m.name}: ${m.content}` : m.content));
    else add("assistant", text(m.content));
  }
  return out;
}

/** Anthropic refuses empty text blocks. */
function text(content: string | null): Block[] {
  return content ? [{ type: "text", text: content }] : [];
}

/**
 * A tool_use block takes the input as an object. Arguments the model wrote that are not a JSON
 * object go back empty: the tool's result already told the model what was wrong with them.
 */
function toolInput(args: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(args);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
