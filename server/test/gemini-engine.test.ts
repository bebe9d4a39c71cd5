// The engine running a flow on gemini/<model>: the registry configured from the environment, the
// real @google/genai SDK, the fake Gemini server on 127.0.0.1 and a real SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { costOf, priceOf, type EventOf, type RunEvent, type RunEventType } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import type { RetryPolicy } from "../src/engine/deps.js";
import { Engine } from "../src/engine/engine.js";
import { createRegistry } from "../src/providers/registry.js";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { createToolBox } from "../src/tools/toolbox.js";
import { startFakeGemini, type FakeGemini, type FakeGeminiReply } from "./fakes/fake-gemini.js";

const KEY = "test-key";
const MODEL = "gemini/gemini-2.5-flash";

/** start → writer (gemini/gemini-2.5-flash, optionally with tools) → end */
const flow = (tools: unknown[] = []) =>
  checkFlowDocument({
    schemaVersion: 2,
    name: "One writer",
    nodes: [
      { id: "start", type: "start", data: { name: "user" } },
      { id: "writer", type: "agent", data: { name: "writer", model: MODEL, systemMessage: "You write.", tools } },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "writer" },
      { id: "e2", source: "writer", target: "end" },
    ],
  });

const REFUND = {
  name: "refund",
  description: "Refunds an order",
  parameters: { type: "object", properties: { order_id: { type: "string" }, amount: { type: "number" } }, required: ["order_id", "amount"] },
};
/** What the refund tool was called with. */
let refunds: unknown[];
const tools = () =>
  createToolBox({
    code: {
      spec: (name) => (name === "refund" ? REFUND : undefined),
      list: () => [REFUND],
      async call(_name, args) {
        refunds.push(args);
        return { content: `refunded ${JSON.stringify(args)}` };
      },
    },
  });

/** The fake's model: calls refund until the request holds its result, then answers in text. */
function refundThenAnswer(body: any): FakeGeminiReply {
  const parts = (body.contents as any[]).flatMap((c) => c.parts);
  const result = parts.find((p) => p.functionResponse)?.functionResponse;
  if (!result) return { text: "Refunding.", toolCalls: [{ name: "refund", args: { order_id: "A-1", amount: 25 } }] };
  return { text: `Done: ${result.response.content}.` };
}

let fake: FakeGemini;
let dir: string;
let store: EventStore;
const engines: Engine[] = [];

beforeEach(async () => {
  refunds = [];
  fake = await startFakeGemini({ key: KEY, respond: refundThenAnswer });
  dir = mkdtempSync(join(tmpdir(), "tandem-engine-gemini-"));
  store = createSqlEventStore((await openSql(dir)).sql);
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function makeEngine(retry: Partial<RetryPolicy> = {}): Engine {
  const registry = createRegistry({ env: { GEMINI_API_KEY: KEY, GEMINI_BASE_URL: fake.url } });
  expect(registry.offline).toBe(false);
  const engine = new Engine({ store, registry, tools: tools(), retry: { baseDelayMs: 10, maxDelayMs: 50, ...retry }, deltaFlushMs: 5 });
  engines.push(engine);
  return engine;
}

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe("engine + gemini provider", () => {
  it("streams the reply into the run and records usage, stop reason and cost at the model's price", async () => {
    const text = "Tea began in China, crossed to Japan, and reached Europe by ship.";
    fake.enqueue({ text, tokenDelayMs: 5, cachedTokens: 3 });
    const run = await makeEngine().start(flow(), "Summarise the history of tea.");
    const seen: string[] = [];
    run.subscribe((e) => {
      if (e.type === "message.delta") seen.push(e.text);
    });
    const state = await run.done;

    expect(state.status).toBe("completed");
    expect(state.output).toBe(text);
    expect(seen.join("")).toBe(text);
    const events = await store.events(run.id);
    expect(ofType(events, "message.delta").length).toBeGreaterThan(1);
    expect(ofType(events, "llm.request")[0]).toMatchObject({ nodeId: "writer", model: MODEL, system: "You write." });
    // The fake counts words: system (2) + "user: Summarise the history of tea." (6) prompt words, 12 reply words.
    const usage = { promptTokens: 8, completionTokens: 12, cachedPromptTokens: 3 };
    const response = ofType(events, "llm.response")[0]!;
    expect(response).toMatchObject({ nodeId: "writer", content: text, usage, stopReason: "stop", retries: 0 });
    expect(response.costUsd).toBeCloseTo(costOf(usage, priceOf(MODEL)!), 12);
    expect(response.costUsd).toBeGreaterThan(0);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ model: "gemini-2.5-flash", headers: { "x-goog-api-key": KEY } });
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it("a 429 with Gemini's retryDelay, then success: one llm.retry waiting as the server asked", async () => {
    // The server's delay is capped by maxDelayMs, so the cap is set above its 0.3 s.
    fake.enqueue({ status: 429, retryDelay: "0.3s" }, { text: "Second time lucky." });
    const started = Date.now();
    const state = await (await makeEngine({ maxDelayMs: 2000 }).start(flow(), "Write.")).done;

    expect(state.status).toBe("completed");
    expect(state.output).toBe("Second time lucky.");
    const events = await store.events(state.runId);
    const retries = ofType(events, "llm.retry");
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ nodeId: "writer", attempt: 1, delayMs: 300 });
    expect(retries[0]!.error).toContain("429 RESOURCE_EXHAUSTED");
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(ofType(events, "llm.response")[0]).toMatchObject({ retries: 1, content: "Second time lucky." });
    expect(fake.calls).toHaveLength(2);
  });

  it("a wrong key fails the run after one call, saying the key was refused", async () => {
    const registry = createRegistry({ env: { GEMINI_API_KEY: "AIzaSy-wrong-key", GEMINI_BASE_URL: fake.url } });
    const engine = new Engine({ store, registry, retry: { baseDelayMs: 10, maxDelayMs: 50 } });
    engines.push(engine);
    const state = await (await engine.start(flow(), "Write.")).done;

    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "model_error", nodeId: "writer" });
    expect(state.error!.message).toContain("the API key was refused");
    expect(ofType(await store.events(state.runId), "llm.retry")).toEqual([]);
  });
});

describe("engine + gemini provider: tools and replay", () => {
  async function refundRun() {
    const run = await makeEngine().start(flow([{ ref: "code:refund", approval: { mode: "never" } }]), "Refund order A-1.");
    return { run, state: await run.done };
  }

  it("a tool round-trip: Gemini's call runs the tool, and its result goes back as a functionResponse", async () => {
    const { run, state } = await refundRun();

    expect(state.status).toBe("completed");
    expect(state.output).toBe('Done: refunded {"order_id":"A-1","amount":25}.');
    expect(refunds).toEqual([{ order_id: "A-1", amount: 25 }]);
    const events = await store.events(run.id);
    const [asked, answered] = ofType(events, "llm.response");
    expect(asked).toMatchObject({ stopReason: "tool_calls", toolCalls: [{ name: "refund", arguments: '{"order_id":"A-1","amount":25}' }] });
    expect(answered).toMatchObject({ stopReason: "stop" });

    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[0]!.body.tools[0].functionDeclarations).toEqual([{ name: "refund", description: "Refunds an order", parametersJsonSchema: REFUND.parameters }]);
    const callId = asked!.toolCalls![0]!.id;
    expect(fake.calls[1]!.body.contents.slice(1)).toEqual([
      { role: "model", parts: [{ text: "Refunding." }, { functionCall: { id: callId, name: "refund", args: { order_id: "A-1", amount: 25 } } }] },
      { role: "user", parts: [{ functionResponse: { id: callId, name: "refund", response: { content: 'refunded {"order_id":"A-1","amount":25}' } } }] },
    ]);
  });

  it("a recorded run replays to the same events without a request to Gemini or a second refund", async () => {
    const { run } = await refundRun();
    const recording = await store.events(run.id);
    const calls = fake.calls.length;

    const replayed = await replayRun(recording);
    // Tool durations are wall-clock time, like latencies.
    const timeless = (events: RunEvent[]) => comparable(events.map((e) => (e.type === "tool.result" ? { ...e, durationMs: 0 } : e)));
    expect(timeless(replayed)).toEqual(timeless(recording));
    expect(ofType(replayed, "llm.response").map((e) => e.costUsd)).toEqual(ofType(recording, "llm.response").map((e) => e.costUsd));
    expect(fake.calls).toHaveLength(calls);
    expect(refunds).toHaveLength(1);
  });
});
