// The engine with the real Anthropic SDK against the fake Messages API server on 127.0.0.1,
// the provider configured from the environment as a server would be.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { costOf, priceOf, type EventOf, type RunEvent, type RunEventType, type ToolSpec } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { Engine } from "../src/engine/engine.js";
import type { RetryPolicy } from "../src/engine/deps.js";
import { createRegistry } from "../src/providers/registry.js";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { createToolBox } from "../src/tools/toolbox.js";
import { startFakeAnthropic, type FakeAnthropic } from "./fakes/fake-anthropic.js";

const KEY = "sk-ant-test-key";
const MODEL = "anthropic/claude-haiku-4-5";

const lookup: ToolSpec = { name: "lookup", description: "Looks an order up", parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] } };

/** start → clerk (Claude, maybe with the lookup tool) → end */
const flow = (tools?: { ref: string; approval: { mode: "never" } }[]) =>
  checkFlowDocument({
    schemaVersion: 2,
    name: "Clerk",
    nodes: [
      { id: "start", type: "start", data: { name: "user" } },
      { id: "clerk", type: "agent", data: { name: "clerk", model: MODEL, systemMessage: "You help customers.", ...(tools ? { tools } : {}) } },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "clerk" },
      { id: "e2", source: "clerk", target: "end" },
    ],
  });

let fake: FakeAnthropic;
let dir: string;
let store: EventStore;
let engines: Engine[];

beforeEach(async () => {
  fake = await startFakeAnthropic();
  dir = mkdtempSync(join(tmpdir(), "tandem-engine-anthropic-"));
  store = createSqlEventStore((await openSql(dir)).sql);
  engines = [];
});

afterEach(async () => {
  for (const e of engines) await e.shutdown();
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An engine whose registry finds Anthropic in its environment; the lookup tool answers from code. */
function makeEngine(retry: Partial<RetryPolicy> = {}): Engine {
  const registry = createRegistry({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url } });
  const tools = createToolBox({
    code: {
      spec: (name) => (name === "lookup" ? lookup : undefined),
      list: () => [lookup],
      call: async (_name, args) => ({ content: `order ${(args as { order_id: string }).order_id}: 250 USD, paid` }),
    },
  });
  const engine = new Engine({ store, registry, tools, retry: { baseDelayMs: 10, maxDelayMs: 50, ...retry }, deltaFlushMs: 5 });
  engines.push(engine);
  return engine;
}

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe("engine + anthropic provider", () => {
  it("streams the reply into the run and records usage, the stop reason and the cost at the model's price", async () => {
    const text = "Your order shipped on Monday and should arrive by Thursday.";
    fake.enqueue({ text, tokenDelayMs: 5, cacheRead: 400 });
    const state = await (await makeEngine().start(flow(), "Where is my order?")).done;

    expect(state.status).toBe("completed");
    expect(state.output).toBe(text);
    const events = await store.events(state.runId);
    const deltas = ofType(events, "message.delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.text).join("")).toBe(text);
    // The fake counts words: system (3) + "user: Where is my order?" (5), plus 400 read from the cache; 10 reply words.
    const usage = { promptTokens: 408, completionTokens: 10, cachedPromptTokens: 400 };
    const response = ofType(events, "llm.response")[0]!;
    expect(response).toMatchObject({ nodeId: "clerk", content: text, usage, stopReason: "stop", retries: 0 });
    expect(response.costUsd).toBeGreaterThan(0);
    expect(response.costUsd).toBe(costOf(usage, priceOf(MODEL)!));
    expect(fake.calls[0]!.body).toMatchObject({ model: "claude-haiku-4-5", system: "You help customers.", messages: [{ role: "user", content: [{ type: "text", text: "user: Where is my order?" }] }] });
  });

  it("a 429 then success: one llm.retry waiting as retry-after asked, and the run completes", async () => {
    // Retry-after is capped by maxDelayMs, so the cap is set above the server's 0.3 s.
    fake.enqueue({ status: 429, retryAfter: "0.3" }, { text: "Second time lucky." });
    const state = await (await makeEngine({ maxDelayMs: 2000 }).start(flow(), "Hello")).done;

    expect(state.status).toBe("completed");
    const events = await store.events(state.runId);
    const retries = ofType(events, "llm.retry");
    expect(retries).toMatchObject([{ nodeId: "clerk", attempt: 1, delayMs: 300 }]);
    expect(retries[0]!.error).toContain("429 rate_limit_error");
    expect(ofType(events, "llm.response")[0]).toMatchObject({ retries: 1, content: "Second time lucky." });
    expect(fake.calls).toHaveLength(2);
  });

  it("a bad key fails the run at once, without retrying, and the key is in no event", async () => {
    fake.enqueue({ status: 401, message: "invalid x-api-key {key}" });
    const state = await (await makeEngine().start(flow(), "Hello")).done;

    expect(state.status).toBe("failed");
    expect(state.error!.message).toContain("check ANTHROPIC_API_KEY");
    expect(fake.calls).toHaveLength(1);
    expect(JSON.stringify(await store.events(state.runId))).not.toContain(KEY);
  });

  it("a tool round-trip: Claude calls the tool, gets its result back as a tool_result, and answers", async () => {
    fake.enqueue({ text: "Let me look.", toolCalls: [{ id: "toolu_01", name: "lookup", input: { order_id: "A-7" } }] }, { text: "Order A-7 is paid: 250 USD." });
    const run = await makeEngine().start(flow([{ ref: "code:lookup", approval: { mode: "never" } }]), "Is order A-7 paid?");
    const state = await run.done;

    expect(state.status).toBe("completed");
    expect(state.output).toBe("Order A-7 is paid: 250 USD.");
    const events = await store.events(run.id);
    const [asked, answered] = ofType(events, "llm.response");
    expect(asked).toMatchObject({ stopReason: "tool_calls", toolCalls: [{ name: "lookup", arguments: '{"order_id":"A-7"}' }] });
    expect(answered).toMatchObject({ stopReason: "stop" });
    expect(ofType(events, "tool.result")).toMatchObject([{ content: "order A-7: 250 USD, paid" }]);

    expect(fake.calls[0]!.body.tools).toEqual([{ name: "lookup", description: lookup.description, input_schema: lookup.parameters }]);
    // The second call carries the call (under the engine's id) and its result, paired.
    const callId = asked!.toolCalls![0]!.id;
    expect(fake.calls[1]!.body.messages.slice(1)).toEqual([
      { role: "assistant", content: [{ type: "text", text: "Let me look." }, { type: "tool_use", id: callId, name: "lookup", input: { order_id: "A-7" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: callId, content: "order A-7: 250 USD, paid" }] },
    ]);
  });

  it("a recorded run replays to the same events without a request to the server", async () => {
    fake.enqueue({ toolCalls: [{ name: "lookup", input: { order_id: "B-2" } }] }, { text: "Order B-2 is paid." });
    const recorded = await (await makeEngine().start(flow([{ ref: "code:lookup", approval: { mode: "never" } }]), "Is order B-2 paid?")).done;
    expect(recorded.status).toBe("completed");
    const events = await store.events(recorded.runId);
    expect(fake.calls).toHaveLength(2);

    const replayed = await replayRun(events);
    // A tool's duration is measured again on replay (as in engine-tools.test.ts): leave it out.
    const timeless = (list: RunEvent[]) => comparable(list.map((e) => (e.type === "tool.result" ? { ...e, durationMs: 0 } : e)));
    expect(timeless(replayed)).toEqual(timeless(events));
    expect(ofType(replayed, "llm.response").map((r) => r.costUsd)).toEqual(ofType(events, "llm.response").map((r) => r.costUsd));
    expect(fake.calls).toHaveLength(2);
  });
});
