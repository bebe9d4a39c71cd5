// What runs cost: every model call is priced at the server's table (the shipped one, or the
// operator's TANDEM_PRICES over it), and the run's recorded cost is the sum of its calls. A bad
// prices file stops the server at start, naming the file and the field.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { costOf, DEFAULT_PRICES, type ModelPrice, type RunEvent } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { pricesFromEnv } from "../src/providers/prices-config.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { chainFlow, client } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

// Servers start on a machine that may be busy.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let fake: FakeOpenAI;
const servers: ServerProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), "tandem-prices-"));

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await fake.close();
});

async function serve(env: Record<string, string> = {}) {
  const s = await startServerProcess({ env: { OPENAI_API_KEY: "sk-test-prices", OPENAI_BASE_URL: fake.url, ...env }, timeoutMs: 60_000 });
  servers.push(s);
  return s;
}

function pricesFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

/** Runs the two-agent flow on gpt-4o to the end; its recorded cost, and its calls' usage. */
async function costedRun(server: ServerProcess) {
  const api = client(server.url);
  const id = await api.start(chainFlow("openai/gpt-4o"), "Price this run.");
  const { run, state, events } = await api.status(id, "completed");
  const responses = events.filter((e): e is Extract<RunEvent, { type: "llm.response" }> => e.type === "llm.response");
  return { run, state, responses };
}

const priced = (responses: Extract<RunEvent, { type: "llm.response" }>[], price: ModelPrice) => responses.reduce((sum, r) => sum + costOf(r.usage!, price), 0);

describe("a run's cost", () => {
  test("is the sum of its model calls at the shipped prices", async () => {
    const { run, state, responses } = await costedRun(await serve());
    expect(responses).toHaveLength(2);
    const table = DEFAULT_PRICES["openai/gpt-4o"]!;
    for (const r of responses) expect(r.costUsd).toBeCloseTo(costOf(r.usage!, table), 12);
    const expected = priced(responses, table);
    expect(expected).toBeGreaterThan(0);
    expect(run.costUsd).toBeCloseTo(expected, 12);
    expect(state.costUsd).toBeCloseTo(expected, 12);
  });

  test("follows TANDEM_PRICES over the shipped table", async () => {
    const own = { input: 1000, cachedInput: 500, output: 3000 };
    const file = pricesFile("own.json", { "openai/gpt-4o": own, "acme/*": { input: 1, output: 2 } });
    const { run, responses } = await costedRun(await serve({ TANDEM_PRICES: file }));
    const expected = priced(responses, own);
    expect(run.costUsd).toBeCloseTo(expected, 9);
    expect(run.costUsd).not.toBeCloseTo(priced(responses, DEFAULT_PRICES["openai/gpt-4o"]!), 6);
    // The model list shows the operator's price too.
    const models = (await client(servers.at(-1)!.url).get("/api/models")).body;
    const gpt4o = models.providers.find((p: { id: string }) => p.id === "openai").models.find((m: { id: string }) => m.id === "openai/gpt-4o");
    expect(gpt4o?.price).toEqual(own);
  });
});

describe("a bad TANDEM_PRICES file is refused, naming the file and the field", () => {
  test("the server does not start", async () => {
    const file = pricesFile("not-a-number.json", { "openai/gpt-4o": { input: "cheap", output: 1 } });
    await expect(serve({ TANDEM_PRICES: file })).rejects.toThrow(/TANDEM_PRICES \(.*not-a-number\.json\): openai\/gpt-4o\.input: expected a number/);
  });

  test.each([
    ["no-output", { "openai/*": { input: 1 } }, /no-output\.json\): openai\/\*\.output: expected a number/],
    ["negative", { "openai/gpt-4o": { input: -1, output: 1 } }, /negative\.json\): openai\/gpt-4o\.input: expected 0 or more/],
    ["no-provider", { "gpt-4o": { input: 1, output: 1 } }, /no-provider\.json\): gpt-4o: expected "provider\/model" or "provider\/\*"/],
    ["unknown-field", { "openai/gpt-4o": { input: 1, output: 1, currency: "EUR" } }, /unknown-field\.json\): openai\/gpt-4o: unknown field "currency"/],
    ["not-json", "{ nope", /not-json\.json\): is not JSON/],
    ["a-list", [1], /a-list\.json\): the file: expected an object of prices by model reference/],
  ])("%s", (name, content, message) => {
    expect(() => pricesFromEnv({ TANDEM_PRICES: pricesFile(`${name}.json`, content) })).toThrow(message);
  });

  test("a file that cannot be read", () => {
    expect(() => pricesFromEnv({ TANDEM_PRICES: join(dir, "missing.json") })).toThrow(/missing\.json\): cannot be read \(ENOENT\)/);
  });
});
