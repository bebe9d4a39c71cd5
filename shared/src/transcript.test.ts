// What an agent's model is sent when agents call tools: its own calls and results in OpenAI's
// shape, other agents' tool traffic left out.
import { describe, expect, it } from "vitest";
import type { TranscriptMessage } from "./state.js";
import { chatMessages } from "./transcript.js";

const transcript: TranscriptMessage[] = [
  { seq: 1, nodeId: "start", role: "user", name: "Dana", content: "Refund order 7" },
  {
    seq: 4,
    nodeId: "clerk",
    role: "assistant",
    name: "clerk",
    content: "",
    toolCalls: [
      { id: "c1", name: "lookup", arguments: '{"order":7}' },
      { id: "c2", name: "refund", arguments: '{"amount":250}' },
    ],
  },
  { seq: 9, nodeId: "clerk", role: "tool", name: "lookup", toolCallId: "c1", content: "order 7: $250" },
  { seq: 12, nodeId: "clerk", role: "tool", name: "refund", toolCallId: "c2", content: "refunded" },
  { seq: 14, nodeId: "clerk", role: "assistant", name: "clerk", content: "Refunded $250." },
  {
    seq: 20,
    nodeId: "auditor",
    role: "assistant",
    name: "auditor",
    content: "Checking the ledger.",
    toolCalls: [{ id: "c3", name: "ledger", arguments: "{}" }],
  },
  { seq: 23, nodeId: "auditor", role: "tool", name: "ledger", toolCallId: "c3", content: "1 refund" },
  { seq: 25, nodeId: "auditor", role: "assistant", name: "auditor", content: "One refund, as expected." },
];

describe("chatMessages with tool calls", () => {
  it("sends the speaker's own calls as assistant tool_calls and their results as tool messages", () => {
    expect(chatMessages("Refund politely.", "clerk", transcript)).toEqual([
      { role: "system", content: "Refund politely." },
      { role: "user", name: "Dana", content: "Refund order 7" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "c1", type: "function", function: { name: "lookup", arguments: '{"order":7}' } },
          { id: "c2", type: "function", function: { name: "refund", arguments: '{"amount":250}' } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "order 7: $250" },
      { role: "tool", tool_call_id: "c2", content: "refunded" },
      { role: "assistant", content: "Refunded $250." },
      // The auditor's call and its result are its own business: the clerk sees its answer.
      { role: "user", name: "auditor", content: "One refund, as expected." },
    ]);
  });

  it("keeps what the speaker said along with its calls", () => {
    const messages = chatMessages("", "auditor", transcript);
    expect(messages.slice(-3)).toEqual([
      { role: "assistant", content: "Checking the ledger.", tool_calls: [{ id: "c3", type: "function", function: { name: "ledger", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "c3", content: "1 refund" },
      { role: "assistant", content: "One refund, as expected." },
    ]);
    // The clerk's tool traffic is left out; its final answer reaches the auditor as a user message.
    expect(messages.filter((m) => m.role === "tool")).toHaveLength(1);
    expect(messages.slice(0, 2)).toEqual([
      { role: "user", name: "Dana", content: "Refund order 7" },
      { role: "user", name: "clerk", content: "Refunded $250." },
    ]);
  });

  it("counts transcript entries, left-out ones included", () => {
    // The first 7 entries end with the auditor's result, which the clerk is not sent.
    expect(chatMessages("", "clerk", transcript, 7).map((m) => m.role)).toEqual(["user", "assistant", "tool", "tool", "assistant"]);
    // Up to the clerk's first result: the second call has no answer yet.
    expect(chatMessages("", "clerk", transcript, 3).at(-1)).toEqual({ role: "tool", tool_call_id: "c1", content: "order 7: $250" });
  });

  it("never sends a tool message whose call it was not sent", () => {
    // A result answering a call the speaker did not make (or a call left out of the count).
    const stray: TranscriptMessage = { seq: 30, nodeId: "clerk", role: "tool", name: "refund", toolCallId: "c2", content: "refunded" };
    expect(chatMessages("", "clerk", [transcript[0]!, stray])).toEqual([{ role: "user", name: "Dana", content: "Refund order 7" }]);
  });
});
