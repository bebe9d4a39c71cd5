// The judge on every provider: a reviewer's free-text reply is read by the judge model of the
// flow's provider (Anthropic, Gemini, Ollama, each through its official SDK against its fake
// wire-format server), asked for as that provider's structured output; the reading routes the run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EventOf, RunEventType } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { Engine } from "../src/engine/engine.js";
import type { Run } from "../src/engine/run.js";
import { createRegistry } from "../src/providers/registry.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { startFakeAnthropic } from "./fakes/fake-anthropic.js";
import { startFakeGemini } from "./fakes/fake-gemini.js";
import { startFakeOllama } from "./fakes/fake-ollama.js";
import { waitEvent as waitRunEvent } from "./helpers/run-events.js";

const READING = { outcome: "revise", reason: "asks to cut a sentence" };

interface Case {
  model: string;
  env: (url: string) => Record<string, string>;
  /** The provider needs a user turn: the judge's instructions are sent as one (Ollama takes a system message alone). */
  userTurn: boolean;
  /** Starts the fake with the writer's draft, then the judge's structured reading, queued. */
  start(): Promise<{ url: string; close(): Promise<unknown>; bodies(): unknown[] }>;
}

const CASES: Record<string, Case> = {
  anthropic: {
    model: "anthropic/claude-haiku-4-5",
    userTurn: true,
    env: (url) => ({ ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: url }),
    async start() {
      const fake = await startFakeAnthropic();
      // Anthropic's structured output is a forced tool: the reading comes as that tool's input.
      fake.enqueue({ text: "A draft about tea." }, { toolCalls: [{ name: "reading", input: READING }] });
      return { url: fake.url, close: () => fake.close(), bodies: () => fake.calls.map((c) => c.body) };
    },
  },
  gemini: {
    model: "gemini/gemini-2.5-flash",
    userTurn: true,
    env: (url) => ({ GEMINI_API_KEY: "gemini-test", GEMINI_BASE_URL: url }),
    async start() {
      const fake = await startFakeGemini();
      fake.enqueue({ text: "A draft about tea." }, { text: JSON.stringify(READING) });
      return { url: fake.url, close: () => fake.close(), bodies: () => fake.calls.map((c) => c.body) };
    },
  },
  ollama: {
    model: "ollama/llama3.2",
    userTurn: false,
    env: (url) => ({ OLLAMA_HOST: url }),
    async start() {
      const fake = await startFakeOllama();
      fake.enqueue({ text: "A draft about tea." }, { text: JSON.stringify(READING) });
      return { url: fake.url, close: () => fake.close(), bodies: () => fake.calls.map((c) => c.body) };
    },
  },
};

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(Object.entries(CASES))("the judge on %s", (_, c) => {
  it("reads the reviewer's words as an outcome through the provider's structured output, and the reading routes", async () => {
    const fake = await c.start();
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), "tandem-judge-providers-"));
    const { sql } = await openSql(dir);
    cleanups.push(async () => {
      await sql.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const engine = new Engine({ store: createSqlEventStore(sql), registry: createRegistry({ env: c.env(fake.url) }), retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    cleanups.push(() => engine.shutdown());
    const flow = checkFlowDocument({
      schemaVersion: 2,
      name: "Judged review",
      nodes: [
        { id: "start", type: "start" },
        { id: "writer", type: "agent", data: { name: "writer", model: c.model, script: ["offline draft"] } },
        {
          id: "reviewer",
          type: "human",
          data: {
            name: "reviewer",
            instructions: "Review.",
            readingWindowSeconds: 0,
            outcomes: [
              { name: "approve", description: "the draft is accepted as it is" },
              { name: "revise", description: "changes are needed" },
            ],
          },
        },
        { id: "end", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "writer" },
        { id: "e2", source: "writer", target: "reviewer" },
        { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
        { id: "e4", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "revise" } } },
      ],
    });
    const waitEvent = <T extends RunEventType>(run: Run, type: T, pred?: (e: EventOf<T>) => boolean): Promise<EventOf<T>> => waitRunEvent(engine, run, type, pred);
    const run = await engine.start(flow, "Write about tea.");
    const asked = await waitEvent(run, "human.requested");
    await run.answer(asked.requestId, { text: "Not yet, cut the second sentence." }, "alice");
    const read = await waitEvent(run, "reply.read");
    expect(read).toMatchObject({ ...READING, judge: c.model, confidence: 1 });
    const route = await waitEvent(run, "route.taken", (e) => e.from === "reviewer");
    expect(route).toMatchObject({ from: "reviewer", edgeId: "e4" });
    // Two calls reached the provider: the writer's, then the judge's, its instructions naming the
    // outcomes and the reply to read (as the one user turn, where the provider needs one).
    expect(fake.bodies()).toHaveLength(2);
    const judgeCall = JSON.stringify(fake.bodies()[1]);
    expect(judgeCall).toContain('"revise"');
    expect(judgeCall).toContain("cut the second sentence");
    expect(/"role":"user"/.test(judgeCall)).toBe(c.userTurn);
  });
});
