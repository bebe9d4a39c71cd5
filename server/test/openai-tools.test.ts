// Tool calling through the OpenAI provider: the real SDK against the fake server, which streams
// tool calls the way OpenAI does (an opening chunk per call, then argument pieces, interleaved).
import { describe, expect, it } from "vitest";
import OpenAI from "openai";
import type { ToolSpec, TranscriptMessage } from "@tandem/shared";
import { ModelError, type ModelRequest } from "../src/providers/types.js";
import { callModel } from "../src/engine/model-call.js";
import { startFakeOpenAI } from "./fake-openai.js";
import { collect, fakeOpenAIEachTest } from "./helpers/fake-openai-each.js";

const lookup: ToolSpec = {
  name: "lookup_order",
  description: "Finds an order by its number.",
  parameters: { type: "object", properties: { order: { type: "integer" } }, required: ["order"] },
};
const refund: ToolSpec = {
  name: "refund",
  description: "Refunds an amount in dollars.",
  parameters: { type: "object", properties: { amount: { type: "number" }, note: { type: "string" } }, required: ["amount"] },
};

const request: ModelRequest = {
  model: "gpt-4o-mini",
  system: "You handle refunds.",
  speaker: "clerk",
  transcript: [{ seq: 1, nodeId: "start", role: "user", name: "Dana", content: "Refund order 7, please" }],
  nodeId: "clerk",
  visit: 1,
  tools: [lookup, refund],
};

// Raw argument texts, spacing and escapes included: they must come back byte for byte.
const LOOKUP_ARGS = '{"order": 7}';
const REFUND_ARGS = '{"amount":250.5,"note":"a \\"quoted\\" reason, with ünïcode"}';

const t = fakeOpenAIEachTest("sk-test");

describe("the fake server's tool-call stream", () => {
  it("speaks OpenAI's chunks: an opening chunk per call, interleaved argument pieces, finish_reason tool_calls, usage", async () => {
    t.fake.enqueue({ toolCalls: [{ id: "call_a", name: "lookup_order", arguments: LOOKUP_ARGS }, { id: "call_b", name: "refund", arguments: REFUND_ARGS }] });
    const client = new OpenAI({ apiKey: "sk-test", baseURL: t.fake.url });
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Refund order 7" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: { index: number; id?: string; type?: string; name?: string; arguments?: string }[] = [];
    const finishes: (string | null)[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      for (const c of chunk.choices) {
        finishes.push(c.finish_reason);
        for (const t of c.delta.tool_calls ?? []) pieces.push({ index: t.index, id: t.id, type: t.type, name: t.function?.name, arguments: t.function?.arguments });
      }
      usage ??= chunk.usage ?? undefined;
    }

    expect(pieces.slice(0, 2)).toEqual([
      { index: 0, id: "call_a", type: "function", name: "lookup_order", arguments: "" },
      { index: 1, id: "call_b", type: "function", name: "refund", arguments: "" },
    ]);
    const rest = pieces.slice(2);
    // Arguments only after the opening chunks, each call's in several pieces, the calls taking turns.
    expect(rest.every((p) => p.id === undefined && p.name === undefined)).toBe(true);
    expect(rest.filter((p) => p.index === 0).length).toBeGreaterThan(1);
    expect(rest.slice(0, 4).map((p) => p.index)).toEqual([0, 1, 0, 1]);
    expect(rest.filter((p) => p.index === 1).map((p) => p.arguments).join("")).toBe(REFUND_ARGS);
    expect(finishes.filter((f) => f !== null)).toEqual(["tool_calls"]);
    expect(usage).toMatchObject({ completion_tokens: pieces.length });
  });

  it("is assembled by the SDK's own stream helper into the calls it was given", async () => {
    t.fake.enqueue({ text: "Looking it up.", toolCalls: [{ name: "lookup_order", arguments: { order: 7 } }, { name: "refund", arguments: REFUND_ARGS }] });
    const client = new OpenAI({ apiKey: "sk-test", baseURL: t.fake.url });
    const completion = await client.chat.completions
      .stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Refund order 7" }], tools: [lookup, refund].map((f) => ({ type: "function" as const, function: f })) })
      .finalChatCompletion();
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBe("Looking it up.");
    expect(choice.message.tool_calls).toEqual([
      { id: "call_fake_1", type: "function", function: { name: "lookup_order", arguments: '{"order":7}' } },
      { id: "call_fake_2", type: "function", function: { name: "refund", arguments: REFUND_ARGS } },
    ]);
  });
});

describe("openai provider with tools", () => {
  it("sends the tools as OpenAI functions, and tool_choice only when asked", async () => {
    await collect(t.provider().stream(request, new AbortController().signal));
    await collect(t.provider().stream({ ...request, toolChoice: "none" }, new AbortController().signal));
    await collect(t.provider().stream({ ...request, tools: undefined }, new AbortController().signal));

    const [auto, none, without] = t.fake.calls.map((c) => c.body);
    expect(auto.tools).toEqual([
      { type: "function", function: { name: "lookup_order", description: "Finds an order by its number.", parameters: lookup.parameters } },
      { type: "function", function: { name: "refund", description: "Refunds an amount in dollars.", parameters: refund.parameters } },
    ]);
    // Parallel calls stay allowed (OpenAI's default), and the model picks whether to call.
    expect(auto).not.toHaveProperty("parallel_tool_calls");
    expect(auto).not.toHaveProperty("tool_choice");
    expect(none.tool_choice).toBe("none");
    expect(none.tools).toEqual(auto.tools);
    expect(without).not.toHaveProperty("tools");
    expect(without).not.toHaveProperty("tool_choice");
  });

  it("assembles parallel streamed calls exactly, with their ids, and ends on finish_reason tool_calls", async () => {
    t.fake.enqueue({ toolCalls: [{ id: "call_a", name: "lookup_order", arguments: LOOKUP_ARGS }, { id: "call_b", name: "refund", arguments: REFUND_ARGS }] });
    const chunks = await collect(t.provider().stream(request, new AbortController().signal));

    expect(chunks.filter((c) => c.type === "delta")).toEqual([]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      type: "done",
      content: "",
      stopReason: "tool_calls",
      toolCalls: [
        { id: "call_a", name: "lookup_order", arguments: LOOKUP_ARGS },
        { id: "call_b", name: "refund", arguments: REFUND_ARGS },
      ],
    });
    // The fake counts each streamed chunk as a token: 2 opening chunks and the argument pieces.
    expect((chunks[0] as { usage?: { completionTokens: number } }).usage?.completionTokens).toBeGreaterThan(4);
  });

  it("streams the text said with the calls as deltas, and keeps it in the reply", async () => {
    t.fake.enqueue({ text: "Let me look that up first.", toolCalls: [{ name: "lookup_order", arguments: { order: 7 } }] });
    const chunks = await collect(t.provider().stream(request, new AbortController().signal));

    const deltas = chunks.filter((c) => c.type === "delta").map((c) => c.text);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe("Let me look that up first.");
    expect(chunks.at(-1)).toMatchObject({
      type: "done",
      content: "Let me look that up first.",
      toolCalls: [{ id: "call_fake_1", name: "lookup_order", arguments: '{"order":7}' }],
    });
  });

  it("gives a plain reply no toolCalls", async () => {
    t.fake.enqueue({ text: "Done." });
    const chunks = await collect(t.provider().stream(request, new AbortController().signal));
    expect(chunks.at(-1)).toEqual({ type: "done", content: "Done.", usage: expect.any(Object), stopReason: "stop" });
  });

  it("sends the agent's calls and their results back in OpenAI's shape, which the server reads", async () => {
    // A responder that reads the tool results it is sent, as a model would.
    await t.fake.close();
    t.fake = await startFakeOpenAI({
      respond: (body) => {
        const results = body.messages.filter((m: any) => m.role === "tool").map((m: any) => `${m.tool_call_id}=${m.content}`);
        return { text: `Tools said: ${results.join("; ")} (I had ${body.tools.length} tools)` };
      },
    });
    const transcript: TranscriptMessage[] = [
      ...request.transcript,
      { seq: 4, nodeId: "clerk", role: "assistant", name: "clerk", content: "", toolCalls: [{ id: "t1", name: "lookup_order", arguments: LOOKUP_ARGS }, { id: "t2", name: "refund", arguments: REFUND_ARGS }] },
      { seq: 8, nodeId: "clerk", role: "tool", name: "lookup_order", toolCallId: "t1", content: "order 7: $250.50" },
      { seq: 11, nodeId: "clerk", role: "tool", name: "refund", toolCallId: "t2", content: "refunded" },
    ];
    const chunks = await collect(t.provider().stream({ ...request, transcript }, new AbortController().signal));

    expect(t.fake.calls[0]!.body.messages).toEqual([
      { role: "system", content: "You handle refunds." },
      { role: "user", name: "Dana", content: "Refund order 7, please" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "t1", type: "function", function: { name: "lookup_order", arguments: LOOKUP_ARGS } },
          { id: "t2", type: "function", function: { name: "refund", arguments: REFUND_ARGS } },
        ],
      },
      { role: "tool", tool_call_id: "t1", content: "order 7: $250.50" },
      { role: "tool", tool_call_id: "t2", content: "refunded" },
    ]);
    expect(chunks.at(-1)).toMatchObject({ type: "done", content: "Tools said: t1=order 7: $250.50; t2=refunded (I had 2 tools)" });
  });

  it("counts tool-call chunks as tokens: a stall while arguments stream is the between-tokens timeout", async () => {
    // The opening chunk and two argument pieces, then silence.
    t.fake.enqueue({ toolCalls: [{ name: "refund", arguments: REFUND_ARGS }], hangAfterTokens: 3 });
    // A shorter first-token clock: had the call's chunks not counted as tokens, it would have run out first.
    const timeouts = { connectMs: 250, firstTokenMs: 250, betweenTokensMs: 500 };
    const err = await collect(t.provider({ timeouts }).stream(request, new AbortController().signal)).then(
      () => Promise.reject(new Error("expected the stream to fail")),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, message: "no token for 500 ms after the last one (between-tokens timeout)" });
    // The provider hangs up on the silent server.
    await t.fake.calls[0]!.ended;
    expect(t.fake.calls[0]!.aborted).toBe(true);
  });

  it("fails, retryably, a stream cut off in the middle of a call's arguments", async () => {
    t.fake.enqueue({ toolCalls: [{ name: "refund", arguments: REFUND_ARGS }], endAfterTokens: 3 });
    const err = await collect(t.provider().stream(request, new AbortController().signal)).catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, message: "model stream ended before the reply finished" });
  });

  it("hands the calls to the engine through callModel's reply, after a failed attempt too", async () => {
    t.fake.enqueue({ status: 500 }, { text: "Checking.", toolCalls: [{ id: "call_x", name: "lookup_order", arguments: LOOKUP_ARGS }] });
    const ctx = { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 }, signal: new AbortController().signal };
    const reply = await callModel(ctx, t.provider(), request);
    expect(reply).toMatchObject({ content: "Checking.", retries: 1, toolCalls: [{ id: "call_x", name: "lookup_order", arguments: LOOKUP_ARGS }] });
  });
});
