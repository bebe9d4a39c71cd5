// The engine with the real openai SDK against the fake OpenAI-compatible server on 127.0.0.1.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventOf, RunEvent, RunEventType } from "@tandem/shared";
import { Engine } from "../src/engine/engine.js";
import type { RetryPolicy } from "../src/engine/deps.js";
import { createRegistry } from "../src/providers/registry.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { waitEvent } from "./helpers/run-events.js";

const KEY = "sk-test";

/** start → writer (openai/gpt-4o-mini) → end */
const FLOW = {
  schemaVersion: 2,
  name: "One writer",
  nodes: [
    { id: "start", type: "start", data: { name: "user" } },
    { id: "writer", type: "agent", data: { name: "writer", model: "openai/gpt-4o-mini", systemMessage: "You write." } },
    { id: "end", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "writer" },
    { id: "e2", source: "writer", target: "end" },
  ],
};

let fake: FakeOpenAI;
let dir: string;
let store: EventStore;
const engines: Engine[] = [];

beforeEach(async () => {
  fake = await startFakeOpenAI();
  dir = mkdtempSync(join(tmpdir(), "tandem-engine-openai-"));
  store = createSqlEventStore((await openSql(dir)).sql);
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function makeEngine(retry: Partial<RetryPolicy> = {}, deltaFlushMs?: number, env: NodeJS.ProcessEnv = {}): Engine {
  const registry = createRegistry({ env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, ...env } });
  expect(registry.offline).toBe(false);
  const engine = new Engine({ store, registry, retry: { baseDelayMs: 10, maxDelayMs: 50, ...retry }, ...(deltaFlushMs ? { deltaFlushMs } : {}) });
  engines.push(engine);
  return engine;
}

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe("engine + openai provider", () => {
  it("streams the reply: the final message is the full text and the usage is recorded", async () => {
    const text = "Tea began in China, crossed to Japan, and reached Europe by ship.";
    fake.enqueue({ text, tokenDelayMs: 15 });
    const run = await makeEngine({}, 10).start(checkFlowDocument(FLOW), "Summarise the history of tea.");
    const deltasSeen: string[] = [];
    run.subscribe((e) => {
      if (e.type === "message.delta") deltasSeen.push(e.text);
    });
    const state = await run.done;

    expect(state.status).toBe("completed");
    expect(state.output).toBe(text);
    const events = await store.events(run.id);
    const message = ofType(events, "message").find((m) => m.nodeId === "writer")!;
    expect(message).toMatchObject({ role: "assistant", name: "writer", content: text });
    // Streamed live, in several stored deltas that add up to the reply.
    const deltas = ofType(events, "message.delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.text).join("")).toBe(text);
    expect(deltasSeen.join("")).toBe(text);
    // The fake counts words: system (2) + input (5) prompt words, 12 reply words.
    const response = ofType(events, "llm.response")[0]!;
    expect(response).toMatchObject({ nodeId: "writer", content: text, retries: 0, usage: { promptTokens: 7, completionTokens: 12 } });
    expect(response.latencyMs).toBeGreaterThan(0);
    expect(ofType(events, "llm.request")[0]).toMatchObject({ nodeId: "writer", model: "openai/gpt-4o-mini", system: "You write.", messageCount: 1 });
    expect((await store.run(run.id))!.tokens).toBe(19);
    expect(state.usage).toEqual({ promptTokens: 7, completionTokens: 12 });

    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.body).toMatchObject({
      model: "gpt-4o-mini",
      stream: true,
      messages: [
        { role: "system", content: "You write." },
        { role: "user", name: "user", content: "Summarise the history of tea." },
      ],
    });
    expect(fake.calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("a 429 with Retry-After, then success: one llm.retry waiting as the server asked, and the run completes", async () => {
    // Retry-After is capped by maxDelayMs, so the cap is set above the server's 0.3 s.
    fake.enqueue({ status: 429, retryAfter: "0.3" }, { text: "Second time lucky." });
    const started = Date.now();
    const state = await (await makeEngine({ maxDelayMs: 2000 }).start(checkFlowDocument(FLOW), "Write.")).done;

    expect(state.status).toBe("completed");
    expect(state.output).toBe("Second time lucky.");
    const events = await store.events(state.runId);
    const retries = ofType(events, "llm.retry");
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ nodeId: "writer", attempt: 1, delayMs: 300 });
    expect(retries[0]!.error).toContain("429");
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(ofType(events, "llm.response")[0]).toMatchObject({ retries: 1, content: "Second time lucky." });
    expect(fake.calls).toHaveLength(2);
  });

  it("a Retry-After longer than maxDelayMs is capped at maxDelayMs", async () => {
    fake.enqueue({ status: 429, retryAfter: "30" }, { text: "ok" });
    const started = Date.now();
    const state = await (await makeEngine({ maxDelayMs: 50 }).start(checkFlowDocument(FLOW), "Write.")).done;
    expect(state.status).toBe("completed");
    expect(ofType(await store.events(state.runId), "llm.retry")).toMatchObject([{ delayMs: 50 }]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fake.calls).toHaveLength(2);
  });

  it("500s until the retries run out: the run fails with the node's error and no final message", async () => {
    const maxRetries = 2;
    // The first attempt streams part of a reply and breaks off; then the server fails outright.
    fake.enqueue({ text: "This partial draft must never be saved as final", endAfterTokens: 4 }, { status: 500 }, { status: 500 });
    const state = await (await makeEngine({ maxRetries }).start(checkFlowDocument(FLOW), "Write.")).done;

    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "model_error", nodeId: "writer" });
    expect(state.error!.message).toContain(`after ${maxRetries + 1} attempts`);
    expect(state.error!.message).toMatch(/^writer: /);
    expect(fake.calls).toHaveLength(maxRetries + 1);

    const events = await store.events(state.runId);
    expect(ofType(events, "llm.retry").map((r) => r.attempt)).toEqual([1, 2]);
    expect(ofType(events, "message").filter((m) => m.nodeId === "writer")).toEqual([]);
    expect(ofType(events, "llm.response")).toEqual([]);
    expect(state.messages.map((m) => m.nodeId)).toEqual(["start"]);
    expect(state.output).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: "run.finished", status: "failed", error: { nodeId: "writer" } });
    expect(await store.run(state.runId)).toMatchObject({ status: "failed" });
  });

  it("a 401 fails the run after exactly one call, without retrying, and keeps the key out of the error", async () => {
    fake.enqueue({ status: 401 });
    const state = await (await makeEngine().start(checkFlowDocument(FLOW), "Write.")).done;

    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "model_error", nodeId: "writer" });
    expect(state.error!.message).toContain("Incorrect API key provided");
    expect(fake.calls).toHaveLength(1);
    const events = await store.events(state.runId);
    expect(ofType(events, "llm.retry")).toEqual([]);
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it("cancel during a slow stream finishes the run as cancelled promptly and hangs up on the server", async () => {
    fake.enqueue({ text: "one two three four five six seven eight nine ten", tokenDelayMs: 300 });
    const engine = makeEngine({}, 5);
    const run = await engine.start(checkFlowDocument(FLOW), "Write slowly.");
    await waitEvent(engine, run, "message.delta");
    expect(fake.calls).toHaveLength(1);

    const cancelledAt = Date.now();
    run.control("cancel");
    const state = await run.done;
    expect(Date.now() - cancelledAt).toBeLessThan(250);
    expect(state.status).toBe("cancelled");
    expect((await store.events(run.id)).at(-1)).toMatchObject({ type: "run.finished", status: "cancelled" });
    expect(ofType(await store.events(run.id), "message").filter((m) => m.nodeId === "writer")).toEqual([]);

    await fake.calls[0]!.ended;
    expect(fake.calls[0]!.aborted).toBe(true);
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
    expect(fake.calls).toHaveLength(1); // a cancelled call is not retried
  });
});

/** FLOW with these settings on the writer. */
function writerWith(data: Record<string, unknown>) {
  return { ...FLOW, nodes: FLOW.nodes.map((n) => (n.id === "writer" ? { ...n, data: { ...n.data, ...data } } : n)) };
}

describe("engine + openai provider: a model that stalls", () => {
  it("no first token is retried like a 5xx, the node's timeout overriding the server's, and the retry succeeds", async () => {
    fake.enqueue({ stall: "after-headers" }, { text: "Here at last." });
    // The server-wide default would wait a minute; the node asks for half a second.
    const engine = makeEngine({}, undefined, { TANDEM_MODEL_FIRST_TOKEN_TIMEOUT_MS: "60000" });
    const state = await (await engine.start(checkFlowDocument(writerWith({ firstTokenTimeoutSeconds: 0.5 })), "Write.")).done;

    expect(state.status).toBe("completed");
    expect(state.output).toBe("Here at last.");
    const events = await store.events(state.runId);
    expect(ofType(events, "llm.retry")).toMatchObject([
      { nodeId: "writer", attempt: 1, maxRetries: 3, error: "no first token after 500 ms (first-token timeout)" },
    ]);
    expect(ofType(events, "llm.response")[0]).toMatchObject({ retries: 1, content: "Here at last." });
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[0]!.aborted).toBe(true);
  });

  it("text that stops coming is retried from the start: the partial reply is never the message", async () => {
    fake.enqueue({ text: "A partial draft that stalls", hangAfterTokens: 2 }, { text: "The whole reply." });
    const state = await (await makeEngine().start(checkFlowDocument(writerWith({ betweenTokensTimeoutSeconds: 0.5 })), "Write.")).done;

    expect(state.status).toBe("completed");
    const events = await store.events(state.runId);
    expect(ofType(events, "llm.retry")).toMatchObject([{ error: "no token for 500 ms after the last one (between-tokens timeout)" }]);
    expect(ofType(events, "message").filter((m) => m.nodeId === "writer").map((m) => m.content)).toEqual(["The whole reply."]);
  });

  it("the server-wide timeout from the environment applies to a node that sets none; the run fails naming it when retries run out", async () => {
    fake.enqueue({ stall: "before-headers" }, { stall: "before-headers" }, { stall: "before-headers" });
    const state = await (await makeEngine({ maxRetries: 2 }, undefined, { TANDEM_MODEL_CONNECT_TIMEOUT_MS: "100" }).start(checkFlowDocument(FLOW), "Write.")).done;

    expect(state.status).toBe("failed");
    expect(state.error).toEqual({
      code: "model_error",
      nodeId: "writer",
      message: "writer: no response from the model server after 100 ms (connect timeout) (after 3 attempts)",
    });
    const events = await store.events(state.runId);
    expect(ofType(events, "llm.retry").map((r) => [r.attempt, r.maxRetries, r.error])).toEqual([
      [1, 2, "no response from the model server after 100 ms (connect timeout)"],
      [2, 2, "no response from the model server after 100 ms (connect timeout)"],
    ]);
    expect(fake.calls).toHaveLength(3);
    await Promise.all(fake.calls.map((c) => c.ended));
    expect(fake.calls.every((c) => c.aborted)).toBe(true);
  });

  it("a timeout variable that is not a whole number of milliseconds is refused by name", () => {
    expect(() => createRegistry({ env: { TANDEM_MODEL_BETWEEN_TOKENS_TIMEOUT_MS: "15s" } })).toThrow(
      'TANDEM_MODEL_BETWEEN_TOKENS_TIMEOUT_MS must be a whole number of milliseconds (at least 1), not "15s"',
    );
  });
});
