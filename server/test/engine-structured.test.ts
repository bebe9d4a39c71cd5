// Agents with an output schema, end to end: the real openai SDK against the fake
// OpenAI-compatible server, the engine checking each reply, and routing on its fields.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { templates, type EventOf, type RunEvent, type RunEventType } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { Engine } from "../src/engine/engine.js";
import { createRegistry } from "../src/providers/registry.js";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { openDb } from "../src/store/db.js";
import { createSqliteEventStore } from "../src/store/sqlite-events.js";
import type { EventStore } from "../src/store/types.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";

const SCHEMA = {
  type: "object",
  properties: {
    verdict: { type: "string", enum: ["pass", "fail"] },
    notes: { type: "string" },
  },
  required: ["verdict", "notes"],
  additionalProperties: false,
};

/** start → qa (structured) → "passed" when verdict == "pass", otherwise → "failed". */
const FLOW = {
  schemaVersion: 2,
  name: "QA",
  nodes: [
    { id: "start", type: "start", data: { name: "user" } },
    { id: "qa", type: "agent", data: { name: "qa", model: "openai/gpt-4o-mini", systemMessage: "You check.", outputSchema: SCHEMA } },
    { id: "passed", type: "end" },
    { id: "failed", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "qa" },
    { id: "e_pass", source: "qa", target: "passed", data: { when: { kind: "field", path: "verdict", op: "==", value: "pass" } } },
    { id: "e_fail", source: "qa", target: "failed", data: { when: { kind: "otherwise" } } },
  ],
};

const PASS = '{"verdict":"pass","notes":"Correct."}';

let fake: FakeOpenAI;
let dir: string;
let store: EventStore;
const engines: Engine[] = [];

beforeEach(async () => {
  fake = await startFakeOpenAI();
  dir = mkdtempSync(join(tmpdir(), "tandem-engine-structured-"));
  store = createSqliteEventStore(openDb(dir));
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
  await fake.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function makeEngine(env: NodeJS.ProcessEnv = { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url }): Engine {
  const engine = new Engine({ store, registry: createRegistry({ env }), retry: { baseDelayMs: 10, maxDelayMs: 50 } });
  engines.push(engine);
  return engine;
}

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe("agents with an output schema", () => {
  it("ask for structured output with the node's schema and route on a field of the reply", async () => {
    fake.enqueue({ text: PASS });
    const state = await makeEngine().start(checkFlowDocument(FLOW), "Check: 2 + 2 = 4").done;

    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.body.response_format).toEqual({ type: "json_schema", json_schema: { name: "output", schema: SCHEMA, strict: false } });
    expect(state.status).toBe("completed");
    expect(state.output).toBe(PASS);
    const events = store.events(state.runId);
    expect(ofType(events, "message").at(-1)).toMatchObject({ nodeId: "qa", role: "assistant", content: PASS });
    expect(ofType(events, "route.taken").at(-1)).toMatchObject({ from: "qa", to: "passed", edgeId: "e_pass" });
  });

  it("a reply that does not fit is asked for again once, with its problems; the fitting one routes", async () => {
    fake.enqueue({ text: '{"verdict":"maybe","notes":"Unsure."}' }, { text: '{"verdict":"fail","notes":"2 + 2 is 4, not 5."}' });
    const state = await makeEngine().start(checkFlowDocument(FLOW), "Check: 2 + 2 = 5").done;

    expect(state.status).toBe("completed");
    expect(fake.calls).toHaveLength(2);
    // The second call's transcript ends with the rejected reply and a note naming what is wrong.
    const messages = fake.calls[1]!.body.messages as { role: string; content: string; name?: string }[];
    expect(messages.at(-2)).toMatchObject({ role: "assistant", content: '{"verdict":"maybe","notes":"Unsure."}' });
    expect(messages.at(-1)).toMatchObject({ role: "user", name: "tandem" });
    expect(messages.at(-1)!.content).toContain('verdict: expected one of "pass", "fail"');
    expect(fake.calls[1]!.body.response_format.json_schema.schema).toEqual(SCHEMA);

    const events = store.events(state.runId);
    const requests = ofType(events, "llm.request");
    expect(requests).toHaveLength(2);
    expect(requests[0]!.retryOf).toBeUndefined();
    expect(requests[1]!.retryOf).toEqual({ reply: '{"verdict":"maybe","notes":"Unsure."}', problems: ['verdict: expected one of "pass", "fail"'] });
    expect(ofType(events, "llm.response").map((r) => r.callId)).toEqual(requests.map((r) => r.callId));
    // Only the fitting reply enters the transcript, and it decides the route.
    expect(ofType(events, "message").filter((m) => m.nodeId === "qa").map((m) => m.content)).toEqual(['{"verdict":"fail","notes":"2 + 2 is 4, not 5."}']);
    expect(ofType(events, "route.taken").at(-1)).toMatchObject({ from: "qa", to: "failed" });

    // A replay answers both calls from the recording and asks again just the same.
    expect(comparable(await replayRun(events))).toEqual(comparable(events));
  });

  it("a reply that does not fit twice fails the node with the reason", async () => {
    fake.enqueue({ text: '{"verdict":"maybe","notes":"?"}' }, { text: '{"verdict":"perhaps","notes":"?"}' });
    const state = await makeEngine().start(checkFlowDocument(FLOW), "Check.").done;

    expect(fake.calls).toHaveLength(2);
    expect(state.status).toBe("failed");
    expect(state.error).toEqual({
      code: "invalid_output",
      message: 'qa: the reply does not match its output schema: verdict: expected one of "pass", "fail"',
      nodeId: "qa",
    });
    expect(ofType(store.events(state.runId), "message").filter((m) => m.nodeId === "qa")).toEqual([]);
  });

  it("a reply that is not JSON says so", async () => {
    fake.enqueue({ text: "Looks fine to me." }, { text: "Still fine." });
    const state = await makeEngine().start(checkFlowDocument(FLOW), "Check.").done;
    expect(state.error).toMatchObject({ code: "invalid_output", message: "qa: the reply does not match its output schema: the reply is not JSON" });
  });

  it("a refusal fails the node at once, saying the model refused", async () => {
    fake.enqueue({ refusal: "I can't help with that." });
    const state = await makeEngine().start(checkFlowDocument(FLOW), "Check.").done;

    expect(fake.calls).toHaveLength(1);
    expect(state.status).toBe("failed");
    expect(state.error).toEqual({ code: "model_error", message: "qa: the model refused: I can't help with that.", nodeId: "qa" });
  });

  it("offline, a node's script is checked like a model's reply, and the QA template routes on its verdict", async () => {
    const qaReview = templates.find((t) => t.id === "qa-review")!.flow;
    const run = makeEngine({}).start(checkFlowDocument(qaReview), "What is 2 + 2?");
    await new Promise<void>((resolve) => {
      run.subscribe((e) => {
        if (e.type === "human.requested") resolve();
      });
    });
    const state = run.state;

    expect(fake.calls).toHaveLength(0);
    const qaMessage = state.messages.find((m) => m.nodeId === "qa")!;
    expect(JSON.parse(qaMessage.content)).toEqual({ verdict: "pass", notes: "The answer is correct and complete." });
    expect(ofType(store.events(run.id), "route.taken").map((r) => r.edgeId)).toContain("e_qa_signoff");
  });

  it("offline without a script, the reply is the plainest value that fits the schema", async () => {
    const outputSchema = { ...SCHEMA, properties: { ...SCHEMA.properties, score: { type: "integer", minimum: 3 }, ok: { type: "boolean" } } };
    const flow = { ...FLOW, nodes: FLOW.nodes.map((n) => (n.id === "qa" ? { ...n, data: { ...n.data, outputSchema } } : n)) };
    const state = await makeEngine({}).start(checkFlowDocument(flow), "Check.").done;

    expect(state.status).toBe("completed");
    expect(JSON.parse(state.output!)).toEqual({ verdict: "pass", notes: "offline reply", score: 3, ok: false });
    expect(ofType(store.events(state.runId), "route.taken").at(-1)).toMatchObject({ to: "passed" });
  });
});
