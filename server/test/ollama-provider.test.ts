// The Ollama provider, driven through the real ollama SDK against the fake Ollama server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ToolSpec, TranscriptMessage } from "@tandem/shared";
import { ollamaModule } from "../src/providers/ollama.js";
import { createRegistry } from "../src/providers/registry.js";
import { DEFAULT_MODEL_TIMEOUTS } from "../src/providers/timeouts.js";
import { ModelError, type ModelChunk, type ModelRequest, type ModelTimeouts, type ProviderConfig } from "../src/providers/types.js";
import { startFakeOllama, type FakeOllama } from "./fakes/fake-ollama.js";
import { collect } from "./helpers/fake-openai-each.js";
import { freePort } from "./helpers/free-port.js";

const transcript: TranscriptMessage[] = [
  { seq: 1, nodeId: "start", role: "user", name: "Dana Q", content: "Write a haiku about tea" },
  { seq: 2, nodeId: "poet", role: "assistant", name: "poet", content: "Steam over the cup" },
  { seq: 3, nodeId: "critic", role: "assistant", name: "critic", content: "Too short." },
];

const request: ModelRequest = {
  model: "llama3.2",
  system: "You are a poet.",
  speaker: "poet",
  transcript,
  temperature: 0.3,
  maxTokens: 120,
  nodeId: "poet",
  visit: 2,
};

const refund: ToolSpec = {
  name: "refund",
  description: "Refunds an amount in dollars.",
  parameters: { type: "object", properties: { amount: { type: "number" }, note: { type: "string" } }, required: ["amount"] },
};

let fake: FakeOllama;
beforeEach(async () => {
  fake = await startFakeOllama();
});
afterEach(async () => {
  await fake.close();
});

function provider(timeouts: Partial<ModelTimeouts> = {}, config: Partial<ProviderConfig> = {}) {
  return ollamaModule.create({ baseURL: fake.url, timeouts: { ...DEFAULT_MODEL_TIMEOUTS, ...timeouts }, ...config });
}

const stream = (req: ModelRequest = request, signal = new AbortController().signal) => provider().stream(req, signal);

/** The error a stream fails with (the test fails if it does not). */
async function failure(chunks: AsyncIterable<ModelChunk>): Promise<unknown> {
  try {
    await collect(chunks);
  } catch (err) {
    return err;
  }
  throw new Error("expected the stream to fail");
}

describe("ollama provider: replies", () => {
  it("streams the reply as several deltas, then one done with the full text, usage and stop reason", async () => {
    fake.enqueue({ text: "Leaves unfold in heat, quiet steam" });
    const chunks = await collect(stream());

    const deltas = chunks.filter((c) => c.type === "delta");
    expect(deltas.map((d) => d.text)).toEqual(["Leaves", " unfold", " in", " heat,", " quiet", " steam"]);
    expect(chunks.filter((c) => c.type === "done")).toHaveLength(1);
    // The fake counts words: 4 + 6 (name-led) + 4 + 3 prompt words, 6 reply words; Ollama reports no cached tokens.
    expect(chunks.at(-1)).toEqual({
      type: "done",
      content: "Leaves unfold in heat, quiet steam",
      usage: { promptTokens: 17, completionTokens: 6 },
      stopReason: "stop",
    });
  });

  it("maps done_reason length to a length stop", async () => {
    fake.enqueue({ text: "cut short", doneReason: "length" });
    expect((await collect(stream())).at(-1)).toMatchObject({ type: "done", content: "cut short", stopReason: "length" });
  });

  it("sends the model, the group chat as Ollama messages, temperature and max tokens, streaming", async () => {
    await collect(stream());

    expect(fake.calls).toHaveLength(1);
    const body = fake.calls[0]!.body;
    expect(body).toMatchObject({ model: "llama3.2", stream: true, options: { temperature: 0.3, num_predict: 120 } });
    expect(body.format).toBeUndefined();
    expect(body.tools).toBeUndefined();
    // Ollama has no speaker names: other speakers' names lead their text.
    expect(body.messages).toEqual([
      { role: "system", content: "You are a poet." },
      { role: "user", content: "Dana_Q: Write a haiku about tea" },
      { role: "assistant", content: "Steam over the cup" },
      { role: "user", content: "critic: Too short." },
    ]);
  });

  it("asks for structured output with the schema as format", async () => {
    const schema = { type: "object", properties: { verdict: { type: "string" } }, required: ["verdict"] };
    fake.enqueue({ text: '{"verdict":"approve"}' });
    const chunks = await collect(stream({ ...request, output: { name: "verdict", schema, strict: true } }));
    expect(fake.calls[0]!.body.format).toEqual(schema);
    expect(chunks.at(-1)).toMatchObject({ content: '{"verdict":"approve"}' });
  });

  it("offers tools, and returns the calls the model made with ids and JSON arguments", async () => {
    fake.enqueue({ text: "Refunding.", toolCalls: [{ name: "refund", arguments: { amount: 250.5, note: "a \"quoted\" reason" } }, { name: "refund", arguments: { amount: 3 } }] });
    const chunks = await collect(stream({ ...request, tools: [refund] }));

    expect(fake.calls[0]!.body.tools).toEqual([{ type: "function", function: refund }]);
    const done = chunks.at(-1)!;
    expect(done).toMatchObject({ type: "done", content: "Refunding.", stopReason: "tool_calls" });
    expect(done.type === "done" && done.toolCalls).toEqual([
      { id: "ollama_call_1", name: "refund", arguments: '{"amount":250.5,"note":"a \\"quoted\\" reason"}' },
      { id: "ollama_call_2", name: "refund", arguments: '{"amount":3}' },
    ]);
  });

  it("does not offer the tools when they must not be called", async () => {
    await collect(stream({ ...request, tools: [refund], toolChoice: "none" }));
    expect(fake.calls[0]!.body.tools).toBeUndefined();
  });

  it("sends the speaker's own tool calls back with object arguments, and their results by tool name", async () => {
    const withTools: TranscriptMessage[] = [
      { seq: 1, nodeId: "start", role: "user", name: "Dana", content: "Refund order 7" },
      { seq: 2, nodeId: "clerk", role: "assistant", name: "clerk", content: "", toolCalls: [{ id: "c1", name: "refund", arguments: '{"amount":250}' }] },
      { seq: 3, nodeId: "clerk", role: "tool", name: "refund", toolCallId: "c1", content: "refunded 250" },
      // Another speaker's tool traffic is left out.
      { seq: 4, nodeId: "other", role: "assistant", name: "other", content: "", toolCalls: [{ id: "c2", name: "refund", arguments: "{}" }] },
      { seq: 5, nodeId: "other", role: "tool", name: "refund", toolCallId: "c2", content: "refunded 0" },
    ];
    await collect(stream({ ...request, speaker: "clerk", system: "", transcript: withTools, tools: [refund] }));

    expect(fake.calls[0]!.body.messages).toEqual([
      { role: "user", content: "Dana: Refund order 7" },
      { role: "assistant", content: "", tool_calls: [{ function: { name: "refund", arguments: { amount: 250 } } }] },
      { role: "tool", content: "refunded 250", tool_name: "refund" },
    ]);
  });

  it("sends a bearer token only when a key is configured, and never in an error", async () => {
    const KEY = "canary-key-123";
    await collect(stream());
    expect(fake.calls[0]!.headers.authorization).toBeUndefined();

    fake.enqueue({ status: 401 }); // the fake's 401 repeats the token
    const err = await failure(provider({}, { apiKey: KEY }).stream(request, new AbortController().signal));
    expect(fake.calls[1]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect((err as ModelError).message).toMatch(/^ollama: unauthorized: invalid key /);
    expect(JSON.stringify({ ...(err as ModelError), message: (err as ModelError).message })).not.toContain(KEY);
  });

  it("lists the server's models", async () => {
    expect(await ollamaModule.listModels({ baseURL: fake.url, timeouts: DEFAULT_MODEL_TIMEOUTS }, AbortSignal.timeout(5000))).toEqual(["llama3.2:latest", "qwen2.5:7b"]);
  });

  it("is configured by OLLAMA_HOST: the registry lists its live models, free", async () => {
    const { providers, models } = await createRegistry({ env: { OLLAMA_HOST: fake.url } }).models();
    expect(providers.find((p) => p.id === "ollama")).toMatchObject({ configured: true, live: true });
    const host = new URL(fake.url).host;
    expect(models.filter((m) => m.provider === "ollama")).toEqual([
      { id: "ollama/llama3.2:latest", provider: "ollama", label: `llama3.2:latest at ${host}`, price: { input: 0, output: 0 } },
      { id: "ollama/qwen2.5:7b", provider: "ollama", label: `qwen2.5:7b at ${host}`, price: { input: 0, output: 0 } },
    ]);
  });
});

describe("ollama provider: errors", () => {
  it("a model the server does not have is not retried, and says how to pull it", async () => {
    const err = await failure(stream({ ...request, model: "mistral" }));
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({
      retryable: false,
      status: 404,
      message: 'ollama: model "mistral" not found, try pulling it first (the Ollama server does not have it: run "ollama pull mistral" there)',
    });
  });

  it("an address that is not Ollama's own API is not retried, and says what to check", async () => {
    const err = await failure(ollamaModule.create({ baseURL: `${fake.url}/v1`, timeouts: DEFAULT_MODEL_TIMEOUTS }).stream(request, new AbortController().signal));
    expect(err).toMatchObject({ retryable: false, status: 404, message: "ollama: 404 page not found (is OLLAMA_HOST the Ollama server's own address, without /v1?)" });
  });

  it("a conversation too long for the context is not retried, and says so", async () => {
    fake.enqueue({ status: 400, message: "the input length exceeds the context length" });
    const err = await failure(stream());
    expect(err).toMatchObject({ retryable: false, status: 400, message: "ollama: the input length exceeds the context length (the conversation is longer than the model's context window)" });
  });

  it.each([
    [429, "2", 2000],
    [503, "1", 1000],
  ])("a %i is retryable after the Retry-After it sends", async (status, retryAfter, ms) => {
    fake.enqueue({ status, retryAfter });
    const err = await failure(stream());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status, retryAfterMs: ms });
    expect(fake.calls).toHaveLength(1);
  });

  it("a busy server's 503 without Retry-After and a 500 are retryable", async () => {
    fake.enqueue({ status: 503 }, { status: 500 });
    expect(await failure(stream())).toMatchObject({ retryable: true, status: 503, retryAfterMs: undefined, message: "ollama: server busy, please try again.  maximum pending requests exceeded" });
    expect(await failure(stream())).toMatchObject({ retryable: true, status: 500, message: "ollama: llama runner process has terminated: exit status 2" });
  });

  it("an error line inside a streamed reply is retryable", async () => {
    fake.enqueue({ text: "one two three", errorAfterTokens: 2 });
    const err = await failure(stream());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: undefined, message: "ollama: llama runner process has terminated: signal: killed" });
  });

  it("a stream that ends without its done line fails, retryably", async () => {
    fake.enqueue({ text: "one two three four", endAfterTokens: 2 });
    const err = await failure(stream());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, message: "model stream ended before the reply finished" });
  });

  it("a connection cut mid-stream is retryable", async () => {
    fake.enqueue({ text: "one two three four", dropAfterTokens: 2 });
    const err = await failure(stream());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: undefined });
    expect((err as ModelError).message).toMatch(/^ollama: /);
  });

  it("a server that is not there is retryable", async () => {
    const err = await failure(ollamaModule.create({ baseURL: `http://127.0.0.1:${await freePort()}`, timeouts: DEFAULT_MODEL_TIMEOUTS }).stream(request, new AbortController().signal));
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, status: undefined });
    expect((err as ModelError).message).toContain("ECONNREFUSED");
  });
});

describe("ollama provider: stalls and cancelling", () => {
  /** Streams until the provider gives up, keeping the text that came before; the server must see it hang up. */
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
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ retryable: true, message: "no response from the model server after 200 ms (connect timeout)" });
  });

  it("gives up on a server that sends headers and no line, naming the first-token timeout", async () => {
    fake.enqueue({ stall: "after-headers" });
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

  it("does not count a slow consumer against the between-tokens timeout", async () => {
    fake.enqueue({ text: "one two three" });
    const chunks: ModelChunk[] = [];
    for await (const chunk of provider({ betweenTokensMs: 100 }).stream(request, new AbortController().signal)) {
      chunks.push(chunk);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(chunks.at(-1)).toMatchObject({ type: "done", content: "one two three" });
  });

  it("stops on abort mid-stream, rethrowing the AbortError, and the server sees it hang up", async () => {
    fake.enqueue({ text: "one two three four five six seven eight nine ten", tokenDelayMs: 100 });
    const controller = new AbortController();
    const seen: string[] = [];
    const err = await failure(
      (async function* () {
        for await (const chunk of stream(request, controller.signal)) {
          if (chunk.type === "delta") seen.push(chunk.text);
          if (seen.length === 2) controller.abort();
          yield chunk;
        }
      })(),
    );

    expect(err).not.toBeInstanceOf(ModelError);
    expect((err as Error).name).toBe("AbortError");
    expect(seen).toEqual(["one", " two"]);
    await fake.calls[0]!.ended;
    expect(fake.calls[0]!.aborted).toBe(true);
  });

  it("hangs up when the reader stops reading early", async () => {
    fake.enqueue({ text: "one two three four five six", tokenDelayMs: 100 });
    for await (const chunk of stream()) if (chunk.type === "delta") break;
    await fake.calls[0]!.ended;
    expect(fake.calls[0]!.aborted).toBe(true);
  });

  it("aborting one call leaves another call of the same provider streaming", async () => {
    const reply = { text: "alpha beta gamma delta", tokenDelayMs: 50 };
    fake.enqueue(reply, reply);
    const shared = provider();
    const controller = new AbortController();
    const cancelled = failure(
      (async function* () {
        for await (const chunk of shared.stream(request, controller.signal)) {
          if (chunk.type === "delta") controller.abort();
          yield chunk;
        }
      })(),
    );
    const other = collect(shared.stream(request, new AbortController().signal));

    expect(((await cancelled) as Error).name).toBe("AbortError");
    expect((await other).at(-1)).toMatchObject({ type: "done", content: "alpha beta gamma delta" });
  });

  it("does not call when aborted before the call", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(((await failure(stream(request, controller.signal))) as Error).name).toBe("AbortError");
    expect(fake.calls).toHaveLength(0);
  });
});
