// The Anthropic provider, driven through the real SDK against the fake Messages API server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ToolSpec, TranscriptMessage } from "@tandem/shared";
import { anthropicModule, createAnthropicProvider, type AnthropicProviderOptions } from "../src/providers/anthropic.js";
import { DEFAULT_MODEL_TIMEOUTS } from "../src/providers/timeouts.js";
import { ModelError, type ModelChunk, type ModelRequest } from "../src/providers/types.js";
import { startFakeAnthropic, type FakeAnthropic } from "./fakes/fake-anthropic.js";
import { collect, failure } from "./helpers/fake-openai-each.js";

const KEY = "sk-ant-canary-123";

const transcript: TranscriptMessage[] = [
  { seq: 1, nodeId: "start", role: "user", name: "Dana Q", content: "Write a haiku about tea" },
  { seq: 2, nodeId: "poet", role: "assistant", name: "poet", content: "Steam over the cup" },
  { seq: 3, nodeId: "critic", role: "assistant", name: "critic", content: "Too short." },
  { seq: 4, nodeId: "editor", role: "assistant", name: "editor", content: "Try again." },
];

const request: ModelRequest = {
  model: "claude-haiku-4-5",
  system: "You are a poet.",
  speaker: "poet",
  transcript,
  temperature: 0.3,
  nodeId: "poet",
  visit: 2,
};

const refund: ToolSpec = {
  name: "refund",
  description: "Refunds an amount in dollars.",
  parameters: { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] },
};

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await startFakeAnthropic();
});
afterEach(async () => {
  await fake.close();
});

const provider = (options: AnthropicProviderOptions = {}) => createAnthropicProvider({ apiKey: KEY, baseURL: fake.url, ...options });
const streamed = (req: ModelRequest = request, options?: AnthropicProviderOptions) => collect(provider(options).stream(req, new AbortController().signal));

const failed = (req: ModelRequest = request) => failure(provider().stream(req, new AbortController().signal));

describe("anthropic provider: replies", () => {
  it("streams the reply as several deltas, then one done with the full text, usage and stop reason", async () => {
    fake.enqueue({ text: "Leaves unfold in heat, quiet steam" });
    const chunks = await streamed();

    const deltas = chunks.filter((c) => c.type === "delta");
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.text).join("")).toBe("Leaves unfold in heat, quiet steam");
    expect(chunks.filter((c) => c.type === "done")).toHaveLength(1);
    // The fake counts words: 4 system + 6 + 4 + 3 + 3 prompt words (names written in), 6 reply words.
    expect(chunks.at(-1)).toEqual({ type: "done", content: "Leaves unfold in heat, quiet steam", usage: { promptTokens: 20, completionTokens: 6 }, stopReason: "stop" });
  });

  it("counts tokens read from and written to the cache into the prompt, the read ones as cached", async () => {
    fake.enqueue({ text: "ok", cacheRead: 1000, cacheCreation: 200 });
    const done = (await streamed()).at(-1);
    expect(done).toMatchObject({ usage: { promptTokens: 20 + 1000 + 200, completionTokens: 1, cachedPromptTokens: 1000 } });
  });

  it("maps max_tokens to length", async () => {
    fake.enqueue({ text: "cut off mid", stopReason: "max_tokens" });
    expect((await streamed()).at(-1)).toMatchObject({ content: "cut off mid", stopReason: "length" });
  });

  it("fails a refusal without retrying, saying what the model said", async () => {
    fake.enqueue({ text: "I can't help with that.", stopReason: "refusal" });
    const err = await failed();
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: false, message: "the model refused: I can't help with that." });
  });
});

describe("anthropic provider: the request", () => {
  it("sends the key and API version, the system apart, the model, temperature, a default max_tokens and a stream", async () => {
    await streamed();
    expect(fake.calls).toHaveLength(1);
    const { body, headers } = fake.calls[0]!;
    // SDK 1.x sends the key as a bearer token (API version 2026-10-21 takes it so).
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    expect(headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body).toMatchObject({ model: "claude-haiku-4-5", system: "You are a poet.", temperature: 0.3, max_tokens: 4096, stream: true });
    expect(body.tools).toBeUndefined();
  });

  it("alternates roles: others' messages are user text with their names, consecutive ones merged", async () => {
    await streamed();
    expect(fake.calls[0]!.body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Dana_Q: Write a haiku about tea" }] },
      { role: "assistant", content: [{ type: "text", text: "Steam over the cup" }] },
      {
        role: "user",
        content: [
          { type: "text", text: "critic: Too short." },
          { type: "text", text: "editor: Try again." },
        ],
      },
    ]);
  });

  it("passes the node's max tokens, and leaves temperature out when unset", async () => {
    await streamed({ ...request, maxTokens: 300, temperature: undefined });
    expect(fake.calls[0]!.body.max_tokens).toBe(300);
    expect("temperature" in fake.calls[0]!.body).toBe(false);
  });
});

describe("anthropic provider: tools", () => {
  const clerk: ModelRequest = {
    ...request,
    speaker: "clerk",
    transcript: [{ seq: 1, nodeId: "start", role: "user", name: "Dana", content: "Refund order 7" }],
    tools: [refund],
    toolChoice: "auto",
  };

  it("offers the tools and reads the calls, their input streamed in pieces, with Anthropic's ids", async () => {
    const input = '{"amount": 250.5, "note": "a \\"quoted\\" reason"}';
    fake.enqueue({ text: "Refunding.", toolCalls: [{ id: "toolu_01", name: "refund", input }, { name: "refund", input: { amount: 1 } }] });
    const chunks = await streamed(clerk);

    const body = fake.calls[0]!.body;
    expect(body.tools).toEqual([{ name: "refund", description: refund.description, input_schema: refund.parameters }]);
    expect(body.tool_choice).toEqual({ type: "auto" });
    expect(chunks.at(-1)).toEqual({
      type: "done",
      content: "Refunding.",
      usage: expect.anything(),
      stopReason: "tool_calls",
      toolCalls: [
        { id: "toolu_01", name: "refund", arguments: input },
        { id: "toolu_fake_2", name: "refund", arguments: '{"amount":1}' },
      ],
    });
  });

  it("sends the calls back as tool_use blocks and their results as tool_result blocks", async () => {
    const transcript: TranscriptMessage[] = [
      ...clerk.transcript,
      { seq: 2, nodeId: "clerk", role: "assistant", name: "clerk", content: "", toolCalls: [{ id: "toolu_01", name: "refund", arguments: '{"amount":250}' }] },
      { seq: 3, nodeId: "clerk", role: "tool", name: "refund", toolCallId: "toolu_01", content: "refunded 250" },
    ];
    await streamed({ ...clerk, transcript });
    expect(fake.calls[0]!.body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Dana: Refund order 7" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_01", name: "refund", input: { amount: 250 } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01", content: "refunded 250" }] },
    ]);
  });

  it('describes the tools but forbids calling them when the choice is "none"', async () => {
    await streamed({ ...clerk, toolChoice: "none" });
    expect(fake.calls[0]!.body).toMatchObject({ tools: [{ name: "refund" }], tool_choice: { type: "none" } });
  });
});

describe("anthropic provider: structured output", () => {
  const schema = { type: "object", properties: { verdict: { type: "string" } }, required: ["verdict"] };
  const structured: ModelRequest = { ...request, output: { name: "output", schema } };

  it("forces a tool with the schema and returns its input as the reply, streamed", async () => {
    fake.enqueue({ toolCalls: [{ name: "output", input: { verdict: "approve, with a longer reason" } }] });
    const chunks = await streamed(structured);

    expect(fake.calls[0]!.body).toMatchObject({ tools: [{ name: "output", input_schema: schema }], tool_choice: { type: "tool", name: "output" } });
    const json = '{"verdict":"approve, with a longer reason"}';
    expect(chunks.filter((c) => c.type === "delta").length).toBeGreaterThan(1);
    expect(chunks.filter((c) => c.type === "delta").map((c) => c.text).join("")).toBe(json);
    expect(chunks.at(-1)).toMatchObject({ type: "done", content: json, stopReason: "stop" });
    expect(chunks.at(-1)).not.toHaveProperty("toolCalls");
  });

  it("only offers the output tool while the agent's own tools may be called", async () => {
    fake.enqueue({ toolCalls: [{ name: "refund", input: { amount: 5 } }] });
    const chunks = await streamed({ ...structured, tools: [refund], toolChoice: "auto" });

    expect(fake.calls[0]!.body).toMatchObject({ tools: [{ name: "refund" }, { name: "output" }], tool_choice: { type: "auto" } });
    expect(chunks.at(-1)).toMatchObject({ stopReason: "tool_calls", toolCalls: [{ name: "refund", arguments: '{"amount":5}' }] });
  });
});

describe("anthropic provider: errors", () => {
  it("does not retry a bad key, says which variable to check, and keeps the key out even when the server echoes it", async () => {
    fake.enqueue({ status: 401, message: "invalid x-api-key {key}" });
    const err = (await failed()) as ModelError;

    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect(err.message).toMatch(/^anthropic: the API key was not accepted \(401 authentication_error: invalid x-api-key .*\); check ANTHROPIC_API_KEY$/);
    expect(err.message).not.toContain("canary");
    expect(JSON.stringify(err)).not.toContain(KEY);
    expect(fake.calls).toHaveLength(1);
  });

  it("names an unknown model", async () => {
    fake.enqueue({ status: 404, message: "model: claude-nonesuch" });
    const err = await failed({ ...request, model: "claude-nonesuch" });
    expect(err).toMatchObject({ retryable: false, status: 404, message: 'anthropic: unknown model "claude-nonesuch" (404 not_found_error: model: claude-nonesuch)' });
  });

  it("says when the conversation is too long for the model", async () => {
    fake.enqueue({ status: 400, message: "prompt is too long: 208310 tokens > 200000 maximum" });
    const err = await failed();
    expect(err).toMatchObject({
      retryable: false,
      status: 400,
      message: "anthropic: the conversation is too long for the model's context (400 invalid_request_error: prompt is too long: 208310 tokens > 200000 maximum)",
    });
  });

  it("turns a 429 into a retryable error waiting as retry-after asks, without retrying itself", async () => {
    fake.enqueue({ status: 429, retryAfter: "2" });
    const err = await failed();
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 2000 });
    expect((err as Error).message).toContain("rate_limit_error");
    expect(fake.calls).toHaveLength(1);
  });

  it.each([500, 529])("retries a %i", async (status) => {
    fake.enqueue({ status });
    expect(await failed()).toMatchObject({ retryable: true, status });
  });

  it("retries an overloaded error sent inside the stream", async () => {
    fake.enqueue({ text: "one two three", errorAfterTokens: { tokens: 2, type: "overloaded_error", message: "Overloaded" } });
    const err = await failed();
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: 529, message: "anthropic: 529 overloaded_error: Overloaded" });
  });

  it("fails, retryably, a stream that ends before the reply finished", async () => {
    fake.enqueue({ text: "one two three four", endAfterTokens: 2 });
    expect(await failed()).toMatchObject({ retryable: true, message: "model stream ended before the reply finished" });
  });

  it("treats an unreachable server as retryable", async () => {
    await fake.close();
    const err = await failed();
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: undefined });
  });
});

describe("anthropic provider: silence and cancelling", () => {
  /** Streams until the provider gives up, keeping the text that came before; the provider hangs up. */
  async function stalled(timeouts: AnthropicProviderOptions["timeouts"]) {
    const deltas: string[] = [];
    const err = await failure(
      (async function* () {
        for await (const chunk of provider({ timeouts }).stream(request, new AbortController().signal)) {
          if (chunk.type === "delta") deltas.push(chunk.text);
          yield chunk;
        }
      })(),
    );
    await fake.calls[0]!.ended;
    expect(fake.calls[0]!.aborted).toBe(true);
    return { err, deltas };
  }

  it("gives up on a server that never sends the response headers, naming the connect timeout", async () => {
    fake.enqueue({ stall: "before-headers" });
    const { err } = await stalled({ connectMs: 200, firstTokenMs: 50, betweenTokensMs: 50 });
    expect(err).toMatchObject({ retryable: true, message: "no response from the model server after 200 ms (connect timeout)" });
  });

  it.each([
    ["headers and no event", { stall: "after-headers" as const }],
    ["message_start and a ping but no text", { text: "one two", hangAfterTokens: 0 }],
  ])("gives up on a server that sends %s, naming the first-token timeout", async (_, reply) => {
    fake.enqueue(reply);
    const { err, deltas } = await stalled({ connectMs: 250, firstTokenMs: 500, betweenTokensMs: 50 });
    expect(deltas).toEqual([]);
    expect(err).toMatchObject({ retryable: true, message: "no first token after 500 ms (first-token timeout)" });
  });

  it("gives up on a stream that goes quiet, naming the between-tokens timeout", async () => {
    fake.enqueue({ text: "one two three four five", hangAfterTokens: 3 });
    const { err, deltas } = await stalled({ connectMs: 250, firstTokenMs: 250, betweenTokensMs: 500 });
    expect(deltas).toEqual(["one", " two", " three"]);
    expect(err).toMatchObject({ retryable: true, message: "no token for 500 ms after the last one (between-tokens timeout)" });
  });

  it("stops promptly on abort mid-stream, rethrowing the AbortError and hanging up", async () => {
    fake.enqueue({ text: "one two three four five six seven eight nine ten", tokenDelayMs: 100 });
    const controller = new AbortController();
    const seen: string[] = [];
    let abortedAt = 0;
    const err = await failure(
      (async function* () {
        for await (const chunk of provider().stream(request, controller.signal)) {
          if (chunk.type === "delta") seen.push(chunk.text);
          if (seen.length === 2 && !abortedAt) {
            abortedAt = Date.now();
            controller.abort();
          }
          yield chunk;
        }
      })(),
    );

    expect(err).not.toBeInstanceOf(ModelError);
    expect((err as Error).name).toBe("AbortError");
    expect(seen).toHaveLength(2);
    expect(Date.now() - abortedAt).toBeLessThan(500);
    await fake.calls[0]!.ended;
    expect(fake.calls[0]!.aborted).toBe(true);
  });
});

describe("anthropic provider: models", () => {
  it("lists the models from the API, without prefix", async () => {
    const ids = await anthropicModule.listModels({ apiKey: KEY, baseURL: fake.url, timeouts: DEFAULT_MODEL_TIMEOUTS }, new AbortController().signal);
    expect(ids).toEqual(["claude-haiku-4-5", "claude-sonnet-4-5"]);
  });
});
