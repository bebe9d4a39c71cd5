// Traces of runs through the real server process: a writer (the openai SDK against the fake
// OpenAI server, one retried call) and a person's review, a fork of that run, and a restart in
// the middle of a wait. The collector is a real HTTP server decoding OTLP's JSON.
import { SPAN_KEY, spanIdOf, traceIdOf, type EventOf, type RunEvent } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { otlpReceiver, type OtlpReceiver, type ReceivedSpan } from "./helpers/otlp-receiver.js";
import { client } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const COLLECTOR_KEY = "collector-key-5f1d9e2b7a";
const TRACE_URL = "http://jaeger.test:16686/trace/{traceId}";

const FLOW = {
  schemaVersion: 2,
  name: "Traced review",
  nodes: [
    { id: "user", type: "start", position: { x: 0, y: 0 } },
    { id: "writer", type: "agent", position: { x: 0, y: 0 }, data: { name: "writer", model: "openai/gpt-4o-mini", systemMessage: "You write haiku.", temperature: 0.4, maxTokens: 200 } },
    {
      id: "reviewer",
      type: "human",
      position: { x: 0, y: 0 },
      data: { name: "reviewer", instructions: "Approve or ask for a revision.", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }] },
    },
    { id: "end", type: "end", position: { x: 0, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "user", target: "writer" },
    { id: "e2", source: "writer", target: "reviewer" },
    { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
    { id: "e4", source: "reviewer", target: "writer" },
  ],
};

let fake: FakeOpenAI;
let otlp: OtlpReceiver;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  otlp = await otlpReceiver([200]);
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await otlp?.close();
  await fake?.close();
});

async function serve(dataDir?: string) {
  const server = await startServerProcess({
    dataDir,
    env: {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.url,
      TANDEM_RETRY_BASE_MS: "10",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_HEADERS: `x-collector-key=${COLLECTOR_KEY}`,
      OTEL_SERVICE_NAME: "tandem-under-test",
      TANDEM_TRACE_URL: TRACE_URL,
    },
  });
  servers.push(server);
  return { server, api: client(server.url) };
}

const ofTrace = (spans: ReceivedSpan[], runId: string) => spans.filter((s) => s.traceId === traceIdOf(runId));
const named = (spans: ReceivedSpan[], name: string) => spans.filter((s) => s.name === name);
const one = (spans: ReceivedSpan[], name: string) => {
  const found = named(spans, name);
  expect(found, `spans named "${name}"`).toHaveLength(1);
  return found[0]!;
};
const ofType = <T extends RunEvent["type"]>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe("a run, its fork and their traces", () => {
  let runId: string;
  let forkId: string;
  let spans: ReceivedSpan[];
  let events: RunEvent[];
  let logs: string;

  beforeAll(async () => {
    const { server, api } = await serve();
    fake.enqueue({ status: 500 }, { text: "Rivers bend and shine" });
    runId = await api.start(FLOW, "a haiku about rivers");
    const waiting = await api.status(runId, "waiting");
    const asked = ofType(waiting.events, "human.requested")[0]!;
    const forked = await api.call("POST", `/api/runs/${runId}/fork`, { at: asked.seq, answer: { outcome: "approve" } });
    expect(forked.status).toBe(201);
    forkId = forked.body.runId;
    expect((await api.answer(runId, asked.requestId, { outcome: "approve", by: "ann" })).status).toBe(200);
    events = (await api.status(runId, "completed")).events;
    await api.status(forkId, "completed");
    spans = await otlp.until((all) => ofTrace(all, runId).some((s) => !s.parentSpanId) && ofTrace(all, forkId).some((s) => !s.parentSpanId));
    logs = server.logs();
  }, 120_000);

  test("the run is one trace under a root span with the run's figures", () => {
    const trace = ofTrace(spans, runId);
    const root = one(trace, "run Traced review");
    expect(root.spanId).toBe(spanIdOf(runId, SPAN_KEY.run()));
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes).toMatchObject({ "tandem.run.id": runId, "tandem.run.status": "completed", "tandem.flow.name": "Traced review" });
    expect(root.attributes["tandem.cost_usd"]).toEqual(expect.any(Number));
    expect(root.status.code).toBe(1);
    expect(root.resource).toMatchObject({ "service.name": "tandem-under-test", "service.version": expect.any(String) });
    expect(root.scope).toBe("tandem");
    // Every other span of the trace hangs under the root, and ends within it.
    for (const s of trace) if (s !== root) expect(trace.some((p) => p.spanId === s.parentSpanId), s.name).toBe(true);
    for (const s of trace) expect(s.start >= root.start && s.end <= root.end, s.name).toBe(true);
  });

  test("the agent's visit holds its model call, with the GenAI attributes and the retry", () => {
    const trace = ofTrace(spans, runId);
    const root = one(trace, "run Traced review");
    const visit = one(trace, "invoke_agent writer");
    expect(visit.parentSpanId).toBe(root.spanId);
    expect(visit.attributes).toMatchObject({ "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "writer", "tandem.node.id": "writer" });
    const response = ofType(events, "llm.response")[0]!;
    const chat = one(trace, "chat gpt-4o-mini");
    expect(chat.spanId).toBe(spanIdOf(runId, SPAN_KEY.model(response.callId)));
    expect(chat.parentSpanId).toBe(visit.spanId);
    expect(chat.kind).toBe(3);
    expect(chat.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.request.temperature": 0.4,
      "gen_ai.request.max_tokens": 200,
      "gen_ai.usage.input_tokens": response.usage!.promptTokens,
      "gen_ai.usage.output_tokens": response.usage!.completionTokens,
      "gen_ai.response.finish_reasons": ["stop"],
      "tandem.retries": 1,
    });
    expect(chat.events.map((e) => e.name)).toEqual(["retry"]);
    expect(chat.status.code).toBe(1);
  });

  test("the person's wait is a span in the human node's visit, saying who answered and how", () => {
    const trace = ofTrace(spans, runId);
    const visit = one(trace, "human reviewer");
    const wait = one(trace, "human wait reviewer");
    expect(wait.parentSpanId).toBe(visit.spanId);
    expect(wait.spanId).toBe(spanIdOf(runId, SPAN_KEY.human(ofType(events, "human.requested")[0]!.requestId)));
    expect(wait.attributes).toMatchObject({ "tandem.answered_by": "ann", "tandem.human.outcome": "approve" });
  });

  test("the fork is its own trace, linked to the run's root; what it copied is not exported again", () => {
    const trace = ofTrace(spans, forkId);
    const root = one(trace, "run Traced review");
    expect(root.attributes).toMatchObject({ "tandem.run.id": forkId, "tandem.run.parent_id": runId, "tandem.run.status": "completed" });
    expect(root.links).toEqual([{ traceId: traceIdOf(runId), spanId: spanIdOf(runId, SPAN_KEY.run()), attributes: { "tandem.link": "forked_from" } }]);
    // The writer's reply was copied from the run: no model call, no writer visit in the fork's trace.
    expect(trace.map((s) => s.name).sort()).toEqual(["human reviewer", "human wait reviewer", "node end", "run Traced review"]);
    // The copied wait is the fork's from its start on.
    for (const s of trace) expect(s.start >= root.start, s.name).toBe(true);
    // And the run's own spans were sent once each.
    expect(named(ofTrace(spans, runId), "chat gpt-4o-mini")).toHaveLength(1);
  });

  test("contents stay out of spans unless configured", () => {
    const keys = spans.flatMap((s) => Object.keys(s.attributes));
    expect(keys.filter((k) => /messages|system_instructions|arguments|result/.test(k))).toEqual([]);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain("Rivers bend");
  });

  test("the collector's headers are sent with every request and never logged", () => {
    expect(otlp.received.length).toBeGreaterThan(0);
    for (const r of otlp.received) {
      expect(r.headers["x-collector-key"]).toBe(COLLECTOR_KEY);
      expect(r.headers["content-type"]).toBe("application/json");
    }
    expect(logs).not.toContain(COLLECTOR_KEY);
  });

  test("the health endpoint says where traces open", async () => {
    const { body } = await client(servers[0]!.url).get("/api/health");
    expect(body.traceUrl).toBe(TRACE_URL);
  });
});

describe("a restart in the middle of a wait", () => {
  test("the open spans are rebuilt from the log with the same ids; what was closed is not sent again", async () => {
    const first = await serve();
    fake.enqueue({ text: "Stones under water" });
    const runId = await first.api.start(FLOW, "a haiku about stones");
    const { events } = await first.api.status(runId, "waiting");
    // The model call has ended (and been sent); the run, the review visit and the wait are open.
    await otlp.until((all) => named(ofTrace(all, runId), "chat gpt-4o-mini").length === 1);
    await first.server.kill9();

    const second = await serve(first.server.dataDir);
    const asked = ofType(events, "human.requested")[0]!;
    expect((await second.api.answer(runId, asked.requestId, { outcome: "approve", by: "bo" })).status).toBe(200);
    await second.api.status(runId, "completed");
    const trace = ofTrace(await otlp.until((all) => ofTrace(all, runId).some((s) => !s.parentSpanId)), runId);
    const root = one(trace, "run Traced review");
    const started = events[0]!;
    expect(root.start).toBe(BigInt(started.at) * 1_000_000n);
    const wait = one(trace, "human wait reviewer");
    expect(wait.start).toBe(BigInt(asked.at) * 1_000_000n);
    expect(wait.parentSpanId).toBe(one(trace, "human reviewer").spanId);
    expect(one(trace, "human reviewer").parentSpanId).toBe(root.spanId);
    expect(wait.attributes["tandem.answered_by"]).toBe("bo");
    one(trace, "chat gpt-4o-mini");
    one(trace, "invoke_agent writer");
  }, 120_000); // two server starts, slow on a busy machine
});
