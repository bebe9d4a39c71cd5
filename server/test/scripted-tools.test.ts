// The offline model's tool turns (a script step that calls tools, then answers with the result)
// and the replay provider giving back the tool calls a run recorded.
import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventBody, ScriptStep, ToolSpec, TranscriptMessage } from "@tandem/shared";
import { createScriptedProvider } from "../src/providers/scripted.js";
import { createReplayProvider } from "../src/providers/replay.js";
import type { ModelChunk, ModelProvider, ModelRequest } from "../src/providers/types.js";

const refund: ToolSpec = { name: "refund", description: "Refunds dollars.", parameters: { type: "object", properties: { amount: { type: "number" } } } };
const notify: ToolSpec = { name: "notify", description: "Emails the customer.", parameters: { type: "object", properties: {} } };

const script: ScriptStep[] = [
  { calls: [{ tool: "refund", arguments: { amount: 250, note: "late \"parcel\"" } }, { tool: "notify", arguments: {} }], reply: "Done: {{result}}." },
];
const ask: TranscriptMessage = { seq: 1, nodeId: "start", role: "user", name: "Dana", content: "Refund order 7" };
const turn: TranscriptMessage = {
  seq: 5,
  nodeId: "clerk",
  role: "assistant",
  name: "clerk",
  content: "",
  toolCalls: [{ id: "e1", name: "refund", arguments: "{}" }, { id: "e2", name: "notify", arguments: "{}" }],
};
const result = (id: string, content: string, seq: number): TranscriptMessage => ({ seq, nodeId: "clerk", role: "tool", name: "refund", toolCallId: id, content });

const request = (over: Partial<ModelRequest>): ModelRequest => ({
  model: "offline",
  system: "",
  speaker: "clerk",
  transcript: [ask],
  nodeId: "clerk",
  visit: 1,
  script,
  tools: [refund, notify],
  ...over,
});

async function collect(provider: ModelProvider, req: ModelRequest): Promise<ModelChunk[]> {
  const chunks: ModelChunk[] = [];
  for await (const chunk of provider.stream(req, new AbortController().signal)) chunks.push(chunk);
  return chunks;
}

const scripted = createScriptedProvider();

describe("scripted tool turns", () => {
  it("first answers with the step's calls: ids call_1…, arguments as JSON text", async () => {
    const chunks = await collect(scripted, request({}));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      type: "done",
      content: "",
      toolCalls: [
        { id: "call_1", name: "refund", arguments: '{"amount":250,"note":"late \\"parcel\\""}' },
        { id: "call_2", name: "notify", arguments: "{}" },
      ],
    });
  });

  it("once its own call's result is the last message, answers the reply with {{result}} filled in, word by word", async () => {
    const transcript = [ask, turn, result("e1", "refunded $250", 8), result("e2", "mail sent", 9)];
    const chunks = await collect(scripted, request({ transcript }));
    const deltas = chunks.filter((c) => c.type === "delta").map((c) => c.text);
    expect(deltas).toEqual(["Done: ", "mail ", "sent."]);
    expect(chunks.at(-1)).toMatchObject({ type: "done", content: "Done: mail sent." });
    expect(chunks.at(-1)).not.toHaveProperty("toolCalls");
  });

  it("calls again when the last tool message answers another speaker's call", async () => {
    const others: TranscriptMessage = { ...turn, nodeId: "auditor", name: "auditor" };
    const chunks = await collect(scripted, request({ transcript: [ask, others, result("e1", "1 refund", 8)] }));
    expect(chunks.at(-1)).toMatchObject({ type: "done", toolCalls: [{ id: "call_1" }, { id: "call_2" }] });
  });

  it.each([
    ["no tools in the request", { tools: undefined }],
    ["an empty tool list", { tools: [] }],
    ["tool_choice none", { toolChoice: "none" as const }],
  ])("answers the reply with %s (the calls were not offered)", async (_, over) => {
    const chunks = await collect(scripted, request(over));
    expect(chunks.at(-1)).toEqual({ type: "done", content: "Done: .", usage: expect.any(Object) });
  });

  it("leaves plain text steps as they were", async () => {
    const chunks = await collect(scripted, request({ script: ["Just text."] }));
    expect(chunks.at(-1)).toEqual({ type: "done", content: "Just text.", usage: expect.any(Object) });
  });
});

describe("replay provider", () => {
  it("gives back each recorded call of a visit in order, tool calls included", async () => {
    const toolCalls = [{ id: "e1", name: "refund", arguments: '{"amount":250}' }];
    const bodies: RunEventBody[] = [
      { type: "node.started", nodeId: "clerk", visit: 1, attempt: 1 },
      { type: "llm.request", nodeId: "clerk", callId: "m1", model: "gpt-4o-mini", params: {}, system: "", messageCount: 1 },
      { type: "message.delta", nodeId: "clerk", text: "Refunding." },
      { type: "llm.response", nodeId: "clerk", callId: "m1", content: "Refunding.", latencyMs: 5, retries: 0, toolCalls },
      { type: "llm.request", nodeId: "clerk", callId: "m2", model: "gpt-4o-mini", params: {}, system: "", messageCount: 3 },
      { type: "llm.response", nodeId: "clerk", callId: "m2", content: "Refunded.", latencyMs: 5, retries: 0 },
    ];
    const events = bodies.map((e, i) => ({ ...e, seq: i + 1, at: i }) as RunEvent);
    const replay = createReplayProvider(events);

    expect(await collect(replay, request({}))).toEqual([
      { type: "delta", text: "Refunding." },
      // Nothing was recorded as spent: the replay costs nothing, whatever the model's price today.
      { type: "done", content: "Refunding.", usage: undefined, costUsd: 0, toolCalls },
    ]);
    expect(await collect(replay, request({}))).toEqual([{ type: "done", content: "Refunded.", usage: undefined, costUsd: 0 }]);
  });
});
