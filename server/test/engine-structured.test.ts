// Agents with an output schema, end to end: the real openai SDK against the fake
// OpenAI-compatible server, the engine checking each reply, and routing on its fields.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { templateById, type AgentNode, type EventOf, type RunEvent, type RunEventType } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { Engine } from "../src/engine/engine.js";
import { createRegistry } from "../src/providers/registry.js";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";

/** The QA template's schema: a verdict of "pass" or "fail", and notes. */
const SCHEMA = templateById("qa-review")!.flow.nodes.find((n): n is AgentNode => n.id === "qa")!.data.outputSchema!;

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

// One fake model server for the file; each test has its own store and engine, and sees only its own calls.
let fake: FakeOpenAI;
let callsBefore = 0;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(async () => {
  callsBefore = fake.calls.length;
});
const calls = () => fake.calls.slice(callsBefore);

/** A run of `flow` on a fresh SQLite store; with no env, offline (the scripted model). */
async function start(flow: unknown, input: string, env: NodeJS.ProcessEnv = { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url }) {
  const dir = mkdtempSync(join(tmpdir(), "tandem-engine-structured-"));
  const store = createSqlEventStore((await openSql(dir)).sql);
  const engine = new Engine({ store, registry: createRegistry({ env }), retry: { baseDelayMs: 10, maxDelayMs: 50 } });
  onTestFinished(async () => {
    await engine.shutdown();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = await engine.start(checkFlowDocument(flow), input);
  return { run, events: () => store.events(run.id) };
}

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe("agents with an output schema", () => {
  it("ask for structured output with the node's schema and route on a field of the reply", async () => {
    fake.enqueue({ text: PASS });
    const { run, events } = await start(FLOW, "Check: 2 + 2 = 4");
    const state = await run.done;

    expect(calls()).toHaveLength(1);
    expect(calls()[0]!.body.response_format).toEqual({ type: "json_schema", json_schema: { name: "output", schema: SCHEMA, strict: false } });
    expect(state.status).toBe("completed");
    expect(state.output).toBe(PASS);
    const log = await events();
    expect(ofType(log, "message").at(-1)).toMatchObject({ nodeId: "qa", role: "assistant", content: PASS });
    expect(ofType(log, "route.taken").at(-1)).toMatchObject({ from: "qa", to: "passed", edgeId: "e_pass" });
  });

  it("a reply that does not fit is asked for again once, with its problems; the fitting one routes", async () => {
    fake.enqueue({ text: '{"verdict":"maybe","notes":"Unsure."}' }, { text: '{"verdict":"fail","notes":"2 + 2 is 4, not 5."}' });
    const { run, events } = await start(FLOW, "Check: 2 + 2 = 5");
    const state = await run.done;

    expect(state.status).toBe("completed");
    expect(calls()).toHaveLength(2);
    // The second call's transcript ends with the rejected reply and a note naming what is wrong.
    const messages = calls()[1]!.body.messages as { role: string; content: string; name?: string }[];
    expect(messages.at(-2)).toMatchObject({ role: "assistant", content: '{"verdict":"maybe","notes":"Unsure."}' });
    expect(messages.at(-1)).toMatchObject({ role: "user", name: "tandem" });
    expect(messages.at(-1)!.content).toContain('verdict: expected one of "pass", "fail"');
    expect(calls()[1]!.body.response_format.json_schema.schema).toEqual(SCHEMA);

    const log = await events();
    const requests = ofType(log, "llm.request");
    expect(requests).toHaveLength(2);
    expect(requests[0]!.retryOf).toBeUndefined();
    expect(requests[1]!.retryOf).toEqual({ reply: '{"verdict":"maybe","notes":"Unsure."}', problems: ['verdict: expected one of "pass", "fail"'] });
    expect(ofType(log, "llm.response").map((r) => r.callId)).toEqual(requests.map((r) => r.callId));
    // Only the fitting reply enters the transcript, and it decides the route.
    expect(ofType(log, "message").filter((m) => m.nodeId === "qa").map((m) => m.content)).toEqual(['{"verdict":"fail","notes":"2 + 2 is 4, not 5."}']);
    expect(ofType(log, "route.taken").at(-1)).toMatchObject({ from: "qa", to: "failed" });

    // A replay answers both calls from the recording and asks again just the same.
    expect(comparable(await replayRun(log))).toEqual(comparable(log));
  });

  it("a reply that does not fit twice fails the node with the reason", async () => {
    fake.enqueue({ text: '{"verdict":"maybe","notes":"?"}' }, { text: '{"verdict":"perhaps","notes":"?"}' });
    const { run, events } = await start(FLOW, "Check.");
    const state = await run.done;

    expect(calls()).toHaveLength(2);
    expect(state.status).toBe("failed");
    expect(state.error).toEqual({
      code: "invalid_output",
      message: 'qa: the reply does not match its output schema: verdict: expected one of "pass", "fail"',
      nodeId: "qa",
    });
    expect(ofType(await events(), "message").filter((m) => m.nodeId === "qa")).toEqual([]);
  });

  it("a reply that is not JSON says so", async () => {
    fake.enqueue({ text: "Looks fine to me." }, { text: "Still fine." });
    const { run } = await start(FLOW, "Check.");
    const state = await run.done;
    expect(state.error).toMatchObject({ code: "invalid_output", message: "qa: the reply does not match its output schema: the reply is not JSON" });
  });

  it("a refusal fails the node at once, saying the model refused", async () => {
    fake.enqueue({ refusal: "I can't help with that." });
    const { run } = await start(FLOW, "Check.");
    const state = await run.done;

    expect(calls()).toHaveLength(1);
    expect(state.status).toBe("failed");
    expect(state.error).toEqual({ code: "model_error", message: "qa: the model refused: I can't help with that.", nodeId: "qa" });
  });

  it("offline, a node's script is checked like a model's reply, and the QA template routes on its verdict", async () => {
    const { run, events } = await start(templateById("qa-review")!.flow, "What is 2 + 2?", {});
    // The run goes on to the sign-off and waits there for a person.
    await new Promise<void>((resolve) => {
      if (run.state.pending) resolve();
      run.subscribe((e) => {
        if (e.type === "human.requested") resolve();
      });
    });
    const state = run.state;

    expect(calls()).toHaveLength(0);
    const qaMessage = state.messages.find((m) => m.nodeId === "qa")!;
    expect(JSON.parse(qaMessage.content)).toEqual({ verdict: "pass", notes: "The answer is correct and complete." });
    expect(ofType(await events(), "route.taken").map((r) => r.edgeId)).toContain("e_qa_signoff");
  });

  it("offline without a script, the reply is the plainest value that fits the schema", async () => {
    const outputSchema = { ...SCHEMA, properties: { ...(SCHEMA.properties as object), score: { type: "integer", minimum: 3 }, ok: { type: "boolean" } } };
    const flow = { ...FLOW, nodes: FLOW.nodes.map((n) => (n.id === "qa" ? { ...n, data: { ...n.data, outputSchema } } : n)) };
    const { run, events } = await start(flow, "Check.", {});
    const state = await run.done;

    expect(state.status).toBe("completed");
    expect(JSON.parse(state.output!)).toEqual({ verdict: "pass", notes: "offline reply", score: 3, ok: false });
    expect(ofType(await events(), "route.taken").at(-1)).toMatchObject({ to: "passed" });
  });
});
