// GET /api/models against real server processes: offline (nothing configured), OpenAI pointed at
// the fake OpenAI server (its live list, priced from the table), and OpenAI configured at an
// address where nothing listens (the shipped list and why). The key never reaches the response.
import { PROVIDERS } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FAKE_MODELS, startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { freePort } from "./helpers/free-port.js";
import { client } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const KEY = "sk-models-test-4f9a1c7e";

let fake: FakeOpenAI;
const servers: Record<"offline" | "live" | "down", ServerProcess> = {} as never;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  const downUrl = `http://127.0.0.1:${await freePort()}/v1`;
  // Three servers starting at once on a machine busy with other suites: a generous wait.
  const timeoutMs = 120_000;
  [servers.offline, servers.live, servers.down] = await Promise.all([
    startServerProcess({ timeoutMs }),
    startServerProcess({ timeoutMs, env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY } }),
    startServerProcess({ timeoutMs, env: { OPENAI_BASE_URL: downUrl, OPENAI_API_KEY: KEY } }),
  ]);
}, 150_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.stop()));
  await fake?.close();
});

async function models(server: ServerProcess) {
  const res = await client(server.url).get("/api/models");
  expect(res.status).toBe(200);
  return res;
}

const group = (body: any, id: string) => body.providers.find((p: { id: string }) => p.id === id);

describe("GET /api/models", () => {
  test("offline: the scripted model only, and every provider unconfigured with what to set and its shipped models", async () => {
    const { body } = await models(servers.offline);
    expect(body.offline).toBe(true);
    expect(body.models.map((m: { id: string }) => m.id)).toEqual(["scripted/demo"]);
    expect(body.models[0]).toMatchObject({ provider: "scripted", price: { input: 0, output: 0 } });
    expect(body.providers.map((p: { id: string }) => p.id)).toEqual(["openai", "anthropic", "gemini", "ollama"]);
    for (const spec of PROVIDERS) {
      expect(group(body, spec.id)).toMatchObject({ label: spec.label, configured: false, live: false, setup: spec.setup });
      expect(group(body, spec.id).models.map((m: { id: string }) => m.id)).toEqual(spec.fallbackModels.map((m) => `${spec.id}/${m}`));
    }
    expect(group(body, "anthropic").models.find((m: { id: string }) => m.id === "anthropic/claude-sonnet-4-5").price).toEqual({ input: 3, cachedInput: 0.3, output: 15 });
    expect(body.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test("OpenAI at the fake server: configured and live, its models from the server, priced where the table knows them", async () => {
    const { body, text } = await models(servers.live);
    expect(body.offline).toBe(false);
    const openai = group(body, "openai");
    expect(openai).toMatchObject({ configured: true, live: true });
    expect(openai.error).toBeUndefined();
    const host = new URL(fake.url).host;
    expect(openai.models).toEqual(
      [...FAKE_MODELS].sort().map((m) => ({ id: `openai/${m}`, provider: "openai", label: `${m} at ${host}`, price: expect.any(Object) })),
    );
    expect(openai.models.find((m: { id: string }) => m.id === "openai/gpt-4o-mini").price).toEqual({ input: 0.15, cachedInput: 0.075, output: 0.6 });
    // The flat list: the scripted model and the configured provider's models; unconfigured ones stay in their groups.
    expect(body.models.map((m: { id: string }) => m.id)).toEqual(["scripted/demo", ...[...FAKE_MODELS].sort().map((m) => `openai/${m}`)]);
    expect(group(body, "anthropic")).toMatchObject({ configured: false, live: false });
    expect(text).not.toContain(KEY);
  });

  test("OpenAI configured where nothing listens: the shipped list, and why the live one could not be read", async () => {
    const { body, text } = await models(servers.down);
    const openai = group(body, "openai");
    expect(openai).toMatchObject({ configured: true, live: false });
    expect(openai.error).toMatch(/^could not list models: /);
    expect(openai.models.map((m: { id: string }) => m.id)).toEqual(PROVIDERS[0]!.fallbackModels.map((m) => `openai/${m}`));
    expect(text).not.toContain(KEY);
  });
});
