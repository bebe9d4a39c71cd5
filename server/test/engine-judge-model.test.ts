// The judge with a model: the real openai SDK against the fake OpenAI-compatible server. The
// reading is asked for as structured output; any answer that is not a declared outcome (bad
// JSON, empty, refused, unknown, unsure, or a failure after retries) reads no outcome and a
// person is asked to pick.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventOf, RunEventType } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { Engine } from "../src/engine/engine.js";
import type { Run } from "../src/engine/run.js";
import { createRegistry } from "../src/providers/registry.js";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { openSql } from "../src/store/open.js";
import type { Sql } from "../src/store/sql/types.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { startFakeOpenAI, type FakeOpenAI, type FakeReply } from "./fake-openai.js";
import { waitEvent as waitRunEvent } from "./helpers/run-events.js";

const DRAFT = "Tea came to Europe in the 17th century.";
const REPLY = "Not yet, cut the second sentence.";
const OUTCOMES = [
  { name: "approve", description: "the draft is accepted as it is" },
  { name: "revise", description: "changes are needed; the reply says what to change" },
];

/** start → writer → reviewer (approve ends, revise back to the writer; readings taken at once) → end, all on the fake's gpt-4o-mini. */
const FLOW = checkFlowDocument({
  schemaVersion: 2,
  name: "Judged review",
  nodes: [
    { id: "start", type: "start" },
    { id: "writer", type: "agent", data: { name: "writer", model: "openai/gpt-4o-mini" } },
    { id: "reviewer", type: "human", data: { name: "reviewer", instructions: "Review.", outcomes: OUTCOMES, readingWindowSeconds: 0 } },
    { id: "end", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "writer" },
    { id: "e2", source: "writer", target: "reviewer" },
    { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
    { id: "e4", source: "reviewer", target: "writer", data: { when: { kind: "outcome", value: "revise" } } },
  ],
});

let fake: FakeOpenAI;
let dir: string;
let sql: Sql;
let engine: Engine;

beforeEach(async () => {
  fake = await startFakeOpenAI();
  dir = mkdtempSync(join(tmpdir(), "tandem-judge-model-"));
  ({ sql } = await openSql(dir));
  const registry = createRegistry({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url } });
  engine = new Engine({ store: createSqlEventStore(sql), registry, retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 } });
});

afterEach(async () => {
  await engine.shutdown();
  await fake.close();
  await sql.close();
  rmSync(dir, { recursive: true, force: true });
});

const waitEvent = <T extends RunEventType>(run: Run, type: T, pred?: (e: EventOf<T>) => boolean) => waitRunEvent(engine, run, type, pred);

/** Runs to the reviewer, answers in free text, and lets the judge's calls be answered by `judge`. */
async function judged(...judge: FakeReply[]): Promise<{ run: Run; read: EventOf<"reply.read"> }> {
  fake.enqueue({ text: DRAFT }, ...judge);
  const run = await engine.start(FLOW, "Write about tea.");
  const asked = await waitEvent(run, "human.requested");
  await run.answer(asked.requestId, { text: REPLY }, "alice");
  return { run, read: await waitEvent(run, "reply.read") };
}

describe("the judge model", () => {
  it("is asked for a structured reading with the outcomes enum, their descriptions, the draft and the reply; its answer routes", async () => {
    const { run, read } = await judged({ text: '{"outcome": "revise", "reason": "asks to cut a sentence"}' });
    expect(read).toMatchObject({ outcome: "revise", reason: "asks to cut a sentence", judge: "openai/gpt-4o-mini", confidence: 1, text: REPLY });
    expect(read.usage?.completionTokens).toBeGreaterThan(0);

    const body = fake.calls[1]!.body;
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "reading",
        strict: true,
        schema: {
          type: "object",
          properties: { outcome: { type: "string", enum: ["approve", "revise", "unsure"] }, reason: { type: "string" } },
          required: ["outcome", "reason"],
          additionalProperties: false,
        },
      },
    });
    const system = body.messages[0];
    expect(system.role).toBe("system");
    for (const o of OUTCOMES) expect(system.content).toContain(`- ${o.name}: ${o.description}`);
    expect(system.content).toContain(DRAFT);
    expect(system.content).toContain(REPLY);

    const route = await waitEvent(run, "route.taken", (e) => e.from === "reviewer");
    expect(route.to).toBe("writer");
    // The judge's tokens count in the run's usage.
    expect(run.state.usage.completionTokens).toBeGreaterThanOrEqual(read.usage!.completionTokens);
  });

  it("a replay gives back the recorded reading and its correction, calling no model", async () => {
    const { run } = await judged({ text: '{"outcome": "unsure", "reason": "says both"}' });
    const asked = await waitEvent(run, "human.requested", (e) => e.reading !== undefined);
    await run.answer(asked.requestId, { outcome: "approve" }, "bob");
    await run.done;
    const recorded = await engine.events(run.id);
    const calls = fake.calls.length;
    expect(comparable(await replayRun(recorded))).toEqual(comparable(recorded));
    expect(fake.calls).toHaveLength(calls);
  });

  it("a 500, then an answer: the judge retries like an agent call and the answer counts", async () => {
    const { read } = await judged({ status: 500 }, { text: '{"outcome": "approve", "reason": "accepts it"}' });
    expect(read).toMatchObject({ outcome: "approve", confidence: 1 });
    expect(fake.calls).toHaveLength(3);
  });

  const unread: Array<[string, FakeReply[], RegExp]> = [
    ["an answer that is not JSON", [{ text: "revise, I think" }], /not valid JSON/],
    ["an empty answer", [{ text: "" }], /empty answer/],
    ["a refusal", [{ refusal: "I can't help with that." }], /judge model failed: the model refused: I can't help with that\./],
    ["an outcome the node does not declare", [{ text: '{"outcome": "ship", "reason": "ok"}' }], /"ship", which is not one of this step's outcomes/],
    ["unsure", [{ text: '{"outcome": "unsure", "reason": "says both"}' }], /not sure: says both/],
    ["500s until the retries run out", [{ status: 500 }, { status: 500 }], /judge model failed: .*\(after 2 attempts\)/],
  ];
  for (const [what, replies, reason] of unread) {
    it(`${what}: no outcome, with a reason, and a person is asked to pick`, async () => {
      const { run, read } = await judged(...replies);
      expect(read).toMatchObject({ outcome: null, confidence: 0, judge: "openai/gpt-4o-mini" });
      expect(read.reason).toMatch(reason);
      const asked = await waitEvent(run, "human.requested", (e) => e.reading !== undefined);
      expect(asked).toMatchObject({ reading: { outcome: null, reason: read.reason }, allowText: false });
      expect(asked.deadline).toBeUndefined();
      expect((await engine.events(run.id)).filter((e) => e.type === "route.taken" && e.from === "reviewer")).toHaveLength(0);
      await run.answer(asked.requestId, { outcome: "approve" }, "alice");
      expect((await run.done).status).toBe("completed");
    });
  }
});
