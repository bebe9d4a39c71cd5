// The OpenAI provider, driven through the real SDK against the fake server.
import { describe, expect, it } from "vitest";
import type { TranscriptMessage } from "@tandem/shared";
import type { OpenAIProviderOptions } from "../src/providers/openai.js";
import { retryAfterMs } from "../src/providers/retry-after.js";
import { ModelError, type ModelChunk, type ModelRequest } from "../src/providers/types.js";
import { collect, failure, fakeOpenAIEachTest } from "./helpers/fake-openai-each.js";

const KEY = "sk-canary-123";

const transcript: TranscriptMessage[] = [
  { seq: 1, nodeId: "start", role: "user", name: "Dana Q", content: "Write a haiku about tea" },
  { seq: 2, nodeId: "poet", role: "assistant", name: "poet", content: "Steam over the cup" },
  { seq: 3, nodeId: "critic", role: "assistant", name: "critic", content: "Too short." },
];

const request: ModelRequest = {
  model: "gpt-4o-mini",
  system: "You are a poet.",
  speaker: "poet",
  transcript,
  temperature: 0.3,
  nodeId: "poet",
  visit: 2,
};

const t = fakeOpenAIEachTest(KEY);

describe("openai provider", () => {
  it("streams the reply as several deltas, then one done with the full text and usage", async () => {
    t.fake.enqueue({ text: "Leaves unfold in heat, quiet steam" });
    const chunks = await collect(t.provider().stream(request, new AbortController().signal));

    const deltas = chunks.filter((c) => c.type === "delta");
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.text).join("")).toBe("Leaves unfold in heat, quiet steam");
    expect(chunks.filter((c) => c.type === "done")).toHaveLength(1);
    // The fake counts words: 4 + 5 + 4 + 2 prompt words (system + transcript), 6 reply words.
    expect(chunks.at(-1)).toEqual({
      type: "done",
      content: "Leaves unfold in heat, quiet steam",
      usage: { promptTokens: 15, completionTokens: 6 },
      stopReason: "stop",
    });
  });

  it("sends the model, the group-chat messages, the temperature and a usage-reporting stream", async () => {
    await collect(t.provider().stream(request, new AbortController().signal));

    expect(t.fake.calls).toHaveLength(1);
    const body = t.fake.calls[0]!.body;
    expect(body).toMatchObject({ model: "gpt-4o-mini", temperature: 0.3, stream: true, stream_options: { include_usage: true } });
    expect(body.messages).toEqual([
      { role: "system", content: "You are a poet." },
      { role: "user", name: "Dana_Q", content: "Write a haiku about tea" },
      { role: "assistant", content: "Steam over the cup" },
      { role: "user", name: "critic", content: "Too short." },
    ]);
  });

  it("authenticates with the configured key", async () => {
    await collect(t.provider().stream(request, new AbortController().signal));
    expect(t.fake.calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("turns a 429 into a retryable error carrying Retry-After, without retrying itself", async () => {
    t.fake.enqueue({ status: 429, retryAfter: "1" });
    const err = await failure(t.provider().stream(request, new AbortController().signal));

    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 1000 });
    expect(t.fake.calls).toHaveLength(1);
  });

  it("prefers retry-after-ms", async () => {
    t.fake.enqueue({ status: 503, retryAfter: "30", headers: { "retry-after-ms": "250" } });
    const err = await failure(t.provider().stream(request, new AbortController().signal));
    expect(err).toMatchObject({ retryable: true, status: 503, retryAfterMs: 250 });
  });

  it("turns a 500 into a retryable error", async () => {
    t.fake.enqueue({ status: 500 });
    const err = await failure(t.provider().stream(request, new AbortController().signal));

    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: 500 });
    expect(t.fake.calls).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 422])("does not retry a %i", async (status) => {
    t.fake.enqueue({ status });
    const err = await failure(t.provider().stream(request, new AbortController().signal));
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: false, status });
  });

  it("keeps the key out of a 401's message even when the server echoes it", async () => {
    t.fake.enqueue({ status: 401 }); // the fake's 401 repeats the key unmasked
    const err = (await failure(t.provider().stream(request, new AbortController().signal))) as ModelError;

    expect(err.message).toContain("Incorrect API key provided");
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain("canary");
    expect(JSON.stringify(err)).not.toContain(KEY);
  });

  it("treats an unreachable server as retryable", async () => {
    await t.fake.close();
    const err = await failure(t.provider().stream(request, new AbortController().signal));
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: undefined });
  });

  it("stops promptly on abort mid-stream, rethrowing the AbortError and hanging up", async () => {
    t.fake.enqueue({ text: "one two three four five six seven eight nine ten", tokenDelayMs: 100 });
    const controller = new AbortController();
    const seen: string[] = [];
    const started = Date.now();
    let abortedAt = 0;
    const err = await failure(
      (async function* () {
        for await (const chunk of t.provider().stream(request, controller.signal)) {
          if (chunk.type === "delta") seen.push(chunk.text);
          if (seen.length === 2) {
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
    expect(Date.now() - started).toBeLessThan(1000); // well under the 1 s the full reply takes
    await t.fake.calls[0]!.ended;
    expect(t.fake.calls[0]!.aborted).toBe(true);
  });

  it("rethrows an abort that happened before the call, without calling", async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await failure(t.provider().stream(request, controller.signal));
    expect((err as Error).name).toBe("AbortError");
    expect(t.fake.calls).toHaveLength(0);
  });

  /** Streams until the provider gives up, keeping the text that came before. */
  async function stalled(options: OpenAIProviderOptions, req: ModelRequest = request) {
    const deltas: string[] = [];
    const err = await failure(
      (async function* () {
        for await (const chunk of t.provider(options).stream(req, new AbortController().signal)) {
          if (chunk.type === "delta") deltas.push(chunk.text);
          yield chunk;
        }
      })(),
    );
    // The provider hangs up on the silent server (which would otherwise hold the call forever).
    await t.fake.calls[0]!.ended;
    expect(t.fake.calls[0]!.aborted).toBe(true);
    return { err, deltas };
  }

  it("gives up on a server that never sends the response headers, naming the connect timeout", async () => {
    t.fake.enqueue({ stall: "before-headers" });
    // The other clocks are shorter: only the connect one may run before the headers.
    const { err } = await stalled({ timeouts: { connectMs: 200, firstTokenMs: 50, betweenTokensMs: 50 } });
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, message: "no response from the model server after 200 ms (connect timeout)" });
  });

  it.each([
    ["headers and no chunk", { stall: "after-headers" as const }],
    ["only the empty role chunk", { text: "one two", hangAfterTokens: 0 }],
  ])("gives up on a server that sends %s, naming the first-token timeout", async (_, reply) => {
    t.fake.enqueue(reply);
    // The headers stopped the shorter connect clock, and no text started the between-tokens one.
    const { err, deltas } = await stalled({ timeouts: { connectMs: 250, firstTokenMs: 500, betweenTokensMs: 50 } });
    expect(deltas).toEqual([]);
    expect(err).toMatchObject({ retryable: true, message: "no first token after 500 ms (first-token timeout)" });
  });

  it("gives up on a stream that goes quiet, naming the between-tokens timeout", async () => {
    t.fake.enqueue({ text: "one two three four five", hangAfterTokens: 3 });
    // The shorter connect and first-token clocks stopped when their phases ended.
    const { err, deltas } = await stalled({ timeouts: { connectMs: 250, firstTokenMs: 250, betweenTokensMs: 500 } });
    expect(deltas).toEqual(["one", " two", " three"]);
    expect(err).toMatchObject({ retryable: true, message: "no token for 500 ms after the last one (between-tokens timeout)" });
  });

  it("lets the request's own timeouts override the provider's defaults", async () => {
    t.fake.enqueue({ stall: "after-headers" });
    const { err } = await stalled({ timeouts: { firstTokenMs: 60_000 } }, { ...request, timeouts: { firstTokenMs: 150 } });
    expect(err).toMatchObject({ message: "no first token after 150 ms (first-token timeout)" });
  });

  it("does not count a slow consumer against the between-tokens timeout", async () => {
    t.fake.enqueue({ text: "one two three" });
    const chunks: ModelChunk[] = [];
    for await (const chunk of t.provider({ timeouts: { betweenTokensMs: 100 } }).stream(request, new AbortController().signal)) {
      chunks.push(chunk);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(chunks.at(-1)).toMatchObject({ type: "done", content: "one two three" });
  });

  it("fails, retryably, a stream that ends before the reply finished", async () => {
    t.fake.enqueue({ text: "one two three four", endAfterTokens: 2 });
    const err = await failure(t.provider().stream(request, new AbortController().signal));
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, message: "model stream ended before the reply finished" });
  });
});

describe("retryAfterMs", () => {
  const headers = (init: Record<string, string>) => new Headers(init);

  it("reads seconds, milliseconds and HTTP dates", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(retryAfterMs(headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(retryAfterMs(headers({ "retry-after-ms": "120", "retry-after": "9" }), now)).toBe(120);
    expect(retryAfterMs(headers({ "retry-after": "Tue, 01 Jan 2030 00:00:03 GMT" }), now)).toBe(3000);
  });

  it("ignores what it cannot read, and never goes negative", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs(headers({}), now)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after-ms": "-5" }), now)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "Mon, 31 Dec 2029 23:59:00 GMT" }), now)).toBe(0);
  });
});
