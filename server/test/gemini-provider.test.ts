// The Gemini provider, driven through the real @google/genai SDK against the fake Gemini server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ToolSpec, TranscriptMessage } from "@tandem/shared";
import { createGeminiProvider, geminiModule } from "../src/providers/gemini.js";
import { DEFAULT_MODEL_TIMEOUTS } from "../src/providers/timeouts.js";
import { ModelError, type ModelChunk, type ModelRequest, type ModelTimeouts } from "../src/providers/types.js";
import { BAD_KEY, startFakeGemini, type FakeGemini } from "./fakes/fake-gemini.js";
import { collect } from "./helpers/fake-openai-each.js";

const KEY = "AIzaSy-canary-123";

const transcript: TranscriptMessage[] = [
  { seq: 1, nodeId: "start", role: "user", name: "Dana Q", content: "Write a haiku about tea" },
  { seq: 2, nodeId: "poet", role: "assistant", name: "poet", content: "Steam over the cup" },
  { seq: 3, nodeId: "critic", role: "assistant", name: "critic", content: "Too short." },
];

const request: ModelRequest = {
  model: "gemini-2.5-flash",
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

let fake: FakeGemini;
beforeEach(async () => {
  fake = await startFakeGemini({ key: KEY });
});
afterEach(async () => {
  await fake.close();
});

const provider = (timeouts: Partial<ModelTimeouts> = {}, apiKey = KEY) =>
  createGeminiProvider({ apiKey, baseURL: fake.url, timeouts: { ...DEFAULT_MODEL_TIMEOUTS, ...timeouts } });
const stream = (req: Partial<ModelRequest> = {}, signal = new AbortController().signal) => provider().stream({ ...request, ...req }, signal);
/** The error a stream fails with (the test fails if it does not). */
const failure = (chunks: AsyncIterable<ModelChunk>) =>
  collect(chunks).then(
    () => {
      throw new Error("expected the stream to fail");
    },
    (err: unknown) => err,
  );

describe("gemini provider: replies", () => {
  it("streams the reply as several deltas, then one done with the full text, usage and stop reason", async () => {
    fake.enqueue({ text: "Leaves unfold in heat, quiet steam" });
    const chunks = await collect(stream());

    const deltas = chunks.filter((c) => c.type === "delta");
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.text).join("")).toBe("Leaves unfold in heat, quiet steam");
    expect(chunks.filter((c) => c.type === "done")).toHaveLength(1);
    // The fake counts words: 4 (system) + 6 + 4 + 3 (each text led by its speaker's name) prompt words, 6 reply words.
    expect(chunks.at(-1)).toEqual({
      type: "done",
      content: "Leaves unfold in heat, quiet steam",
      usage: { promptTokens: 17, completionTokens: 6 },
      stopReason: "stop",
    });
  });

  it("keeps thinking out of the reply but counts it as output, and reports cached prompt tokens", async () => {
    fake.enqueue({ thoughts: "the user wants tea", text: "Green tea.", cachedTokens: 5 });
    const chunks = await collect(stream());
    expect(chunks.filter((c) => c.type === "delta").map((d) => d.text)).toEqual(["Green", " tea."]);
    expect(chunks.at(-1)).toMatchObject({ content: "Green tea.", usage: { promptTokens: 17, completionTokens: 2 + 4, cachedPromptTokens: 5 } });
  });

  it("sends the model, the key, the system instruction, the group chat as user and model turns, temperature and max tokens", async () => {
    await collect(stream({ maxTokens: 300 }));

    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.model).toBe("gemini-2.5-flash");
    expect(call.headers["x-goog-api-key"]).toBe(KEY);
    expect(call.body.systemInstruction.parts).toEqual([{ text: "You are a poet." }]);
    expect(call.body.contents).toEqual([
      { role: "user", parts: [{ text: "Dana_Q: Write a haiku about tea" }] },
      { role: "model", parts: [{ text: "Steam over the cup" }] },
      { role: "user", parts: [{ text: "critic: Too short." }] },
    ]);
    expect(call.body.generationConfig).toEqual({ temperature: 0.3, maxOutputTokens: 300 });
    expect(call.body.tools).toBeUndefined();
  });

  it("asks for JSON of the output's schema", async () => {
    const schema = { type: "object", properties: { verdict: { type: "string", enum: ["approve", "revise"] } }, required: ["verdict"] };
    fake.enqueue({ text: '{"verdict":"approve"}' });
    const chunks = await collect(stream({ output: { name: "qa_verdict", schema, strict: true } }));
    expect(fake.calls[0]!.body.generationConfig).toMatchObject({ responseMimeType: "application/json", responseJsonSchema: schema });
    expect(chunks.at(-1)).toMatchObject({ content: '{"verdict":"approve"}' });
  });

  it("says a reply cut at the token limit stopped for length", async () => {
    fake.enqueue({ text: "Leaves unfold", finishReason: "MAX_TOKENS" });
    expect((await collect(stream({ maxTokens: 2 }))).at(-1)).toMatchObject({ content: "Leaves unfold", stopReason: "length" });
  });

  it("says text the safety filter cut short stopped for content_filter", async () => {
    fake.enqueue({ text: "Part of a", finishReason: "SAFETY" });
    expect((await collect(stream())).at(-1)).toMatchObject({ content: "Part of a", stopReason: "content_filter" });
  });

  it("fails, not retryably, a reply blocked for safety with no text, naming why", async () => {
    fake.enqueue({ finishReason: "SAFETY" });
    const err = await failure(stream());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: false, message: "gemini: the reply was blocked (SAFETY: HARM_CATEGORY_DANGEROUS_CONTENT)" });
  });

  it("fails, not retryably, a prompt Gemini blocks", async () => {
    fake.enqueue({ blockPrompt: "PROHIBITED_CONTENT" });
    const err = await failure(stream());
    expect(err).toMatchObject({ retryable: false, message: "gemini: the prompt was blocked (PROHIBITED_CONTENT)" });
  });
});

describe("gemini provider: tools", () => {
  it("declares the tools with their JSON schema and lets the model choose", async () => {
    await collect(stream({ tools: [refund], toolChoice: "auto" }));
    const body = fake.calls[0]!.body;
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: "refund", description: "Refunds an amount in dollars.", parametersJsonSchema: refund.parameters }] }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: "AUTO" } });
  });

  it('turns toolChoice "none" into function calling mode NONE', async () => {
    await collect(stream({ tools: [refund], toolChoice: "none" }));
    expect(fake.calls[0]!.body.toolConfig).toEqual({ functionCallingConfig: { mode: "NONE" } });
  });

  it("returns the function calls as tool calls, keeping Gemini's ids and making the missing ones", async () => {
    fake.enqueue({ text: "Refunding both.", toolCalls: [{ name: "refund", args: { amount: 250.5 } }, { id: "fc-7", name: "refund", args: { amount: 3, note: "ünïcode \"quoted\"" } }, { name: "refund", args: {} }] });
    const chunks = await collect(stream({ tools: [refund] }));
    expect(chunks.at(-1)).toMatchObject({
      type: "done",
      content: "Refunding both.",
      stopReason: "tool_calls",
      toolCalls: [
        { id: "gemini_call_1", name: "refund", arguments: '{"amount":250.5}' },
        { id: "fc-7", name: "refund", arguments: '{"amount":3,"note":"ünïcode \\"quoted\\""}' },
        { id: "gemini_call_3", name: "refund", arguments: "{}" },
      ],
    });
  });

  it("sends the speaker's calls back as functionCall parts and their results as functionResponse parts", async () => {
    const withTools: TranscriptMessage[] = [
      { seq: 1, nodeId: "start", role: "user", name: "Dana", content: "Refund 250, then 3" },
      { seq: 2, nodeId: "clerk", role: "assistant", name: "clerk", content: "On it.", toolCalls: [{ id: "c1", name: "refund", arguments: '{"amount":250}' }, { id: "c2", name: "refund", arguments: '{"amount":3}' }] },
      { seq: 3, nodeId: "clerk", role: "tool", name: "refund", toolCallId: "c1", content: "refunded 250" },
      { seq: 4, nodeId: "clerk", role: "tool", name: "refund", toolCallId: "c2", content: "refunded 3" },
    ];
    fake.enqueue({ text: "Both refunded." });
    await collect(stream({ speaker: "clerk", transcript: withTools, tools: [refund] }));
    expect(fake.calls[0]!.body.contents).toEqual([
      { role: "user", parts: [{ text: "Dana: Refund 250, then 3" }] },
      {
        role: "model",
        parts: [{ text: "On it." }, { functionCall: { id: "c1", name: "refund", args: { amount: 250 } } }, { functionCall: { id: "c2", name: "refund", args: { amount: 3 } } }],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { id: "c1", name: "refund", response: { content: "refunded 250" } } },
          { functionResponse: { id: "c2", name: "refund", response: { content: "refunded 3" } } },
        ],
      },
    ]);
  });
});

describe("gemini provider: errors", () => {
  it("a wrong key: Gemini's 400 API_KEY_INVALID, not retried, said plainly", async () => {
    const err = await failure(provider({}, "AIzaSy-wrong-456").stream(request, new AbortController().signal));
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: false, status: 400 });
    expect((err as Error).message).toBe(
      "gemini: the API key was refused (check GEMINI_API_KEY): 400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key. (API_KEY_INVALID)",
    );
    expect(fake.calls).toHaveLength(0);
  });

  it("keeps the key out of an error even when the server echoes it", async () => {
    fake.enqueue({ ...BAD_KEY, message: "API key {key} not valid." });
    const err = (await failure(stream())) as ModelError;
    expect(err.message).toContain("API key [redacted] not valid.");
    expect(err.message).not.toContain("canary");
    expect(JSON.stringify(err)).not.toContain(KEY);
  });

  it("a 403 is a refused key, not retried", async () => {
    fake.enqueue({ status: 403 });
    const err = await failure(stream());
    expect(err).toMatchObject({ retryable: false, status: 403 });
    expect((err as Error).message).toMatch(/^gemini: the API key was refused \(check GEMINI_API_KEY\): 403 PERMISSION_DENIED: /);
  });

  it("an unknown model is a 404 naming it, not retried", async () => {
    fake.enqueue({ status: 404 });
    const err = await failure(stream({ model: "gemini-9-ultra" }));
    expect(err).toMatchObject({ retryable: false, status: 404 });
    expect((err as Error).message).toMatch(/^gemini: unknown model "gemini-9-ultra": 404 NOT_FOUND: /);
  });

  it("a conversation too long for the model is a 400 that says so, not retried", async () => {
    fake.enqueue({ status: 400, message: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)." });
    const err = await failure(stream());
    expect(err).toMatchObject({
      retryable: false,
      status: 400,
      message: "gemini: the conversation is too long for the model: 400 INVALID_ARGUMENT: The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
    });
  });

  it("a 429 is retryable after RetryInfo's retryDelay, and the SDK does not retry it itself", async () => {
    fake.enqueue({ status: 429, retryDelay: "7s" }, { status: 429, retryDelay: "0.25s" });
    expect(await failure(stream())).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7000 });
    expect(await failure(stream())).toMatchObject({ retryable: true, status: 429, retryAfterMs: 250 });
    expect(fake.calls).toHaveLength(2);
  });

  it.each([500, 503])("a %i is retryable, and not retried by the SDK", async (status) => {
    fake.enqueue({ status });
    const err = await failure(stream());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status, retryAfterMs: undefined });
    expect(fake.calls).toHaveLength(1);
  });

  it("an unreachable server is retryable", async () => {
    await fake.close();
    const err = await failure(stream());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: undefined });
  });

  it("an error Gemini sends inside the stream is retryable like its status, with its retryDelay", async () => {
    fake.enqueue({ text: "one two three", errorAfterTokens: 2, retryDelay: "2s" });
    const err = await failure(stream());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: 503, retryAfterMs: 2000, message: "gemini: 503 UNAVAILABLE: The model is overloaded. Please try again later." });
  });

  it("a stream that ends before the finish reason fails retryably", async () => {
    fake.enqueue({ text: "one two three four", endAfterTokens: 2 });
    const err = await failure(stream());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, message: "model stream ended before the reply finished" });
    expect(fake.calls).toHaveLength(1);
  });
});

describe("gemini provider: stalls and cancelling", () => {
  /** Streams until the provider gives up, keeping the text that came before; the server sees it hang up. */
  async function stalled(timeouts: Partial<ModelTimeouts>) {
    const deltas: string[] = [];
    const err = await failure(
      (async function* () {
        for await (const chunk of provider(timeouts).stream(request, new AbortController().signal)) {
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

  it("gives up on a server that sends headers and no chunk, naming the first-token timeout", async () => {
    fake.enqueue({ stall: "after-headers" });
    const { err, deltas } = await stalled({ connectMs: 5000, firstTokenMs: 500, betweenTokensMs: 50 });
    expect(deltas).toEqual([]);
    expect(err).toMatchObject({ retryable: true, message: "no first token after 500 ms (first-token timeout)" });
  });

  it("counts thinking as the model at work: silence after it is a between-tokens stall", async () => {
    fake.enqueue({ thoughts: "hmm let me think", text: "Tea.", hangAfterTokens: 2 });
    const { err, deltas } = await stalled({ connectMs: 5000, firstTokenMs: 1000, betweenTokensMs: 500 });
    expect(deltas).toEqual([]);
    expect(err).toMatchObject({ retryable: true, message: "no token for 500 ms after the last one (between-tokens timeout)" });
  });

  it("gives up on a stream that goes quiet, naming the between-tokens timeout", async () => {
    fake.enqueue({ text: "one two three four five", hangAfterTokens: 3 });
    const { err, deltas } = await stalled({ connectMs: 5000, firstTokenMs: 1000, betweenTokensMs: 500 });
    expect(deltas).toEqual(["one", " two", " three"]);
    expect(err).toMatchObject({ retryable: true, message: "no token for 500 ms after the last one (between-tokens timeout)" });
  });

  it("stops promptly on abort mid-stream, rethrowing the AbortError and hanging up", async () => {
    fake.enqueue({ text: "one two three four five six seven eight nine ten", tokenDelayMs: 100 });
    const controller = new AbortController();
    const seen: string[] = [];
    const err = await failure(
      (async function* () {
        for await (const chunk of stream({}, controller.signal)) {
          if (chunk.type === "delta") seen.push(chunk.text);
          if (seen.length === 2) controller.abort();
          yield chunk;
        }
      })(),
    );
    expect(err).not.toBeInstanceOf(ModelError);
    expect((err as Error).name).toBe("AbortError");
    expect(seen).toHaveLength(2);
    await fake.calls[0]!.ended;
    expect(fake.calls[0]!.aborted).toBe(true);
  });

  it("rethrows an abort that happened before the call, without calling", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await failure(stream({}, controller.signal))).toMatchObject({ name: "AbortError" });
    expect(fake.calls).toHaveLength(0);
  });
});

describe("gemini models", () => {
  const config = () => ({ apiKey: KEY, baseURL: fake.url, timeouts: DEFAULT_MODEL_TIMEOUTS });

  it("lists the models that write replies, without the models/ prefix", async () => {
    expect(await geminiModule.listModels(config(), AbortSignal.timeout(5000))).toEqual(["gemini-2.5-flash", "gemini-2.5-pro"]);
  });

  it("fails saying the key was refused", async () => {
    const err = await geminiModule.listModels({ ...config(), apiKey: "AIzaSy-wrong-456" }, AbortSignal.timeout(5000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/^gemini: the API key was refused/);
  });
});
