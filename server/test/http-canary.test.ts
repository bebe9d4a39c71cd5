// An API key in the server's environment must not leak anywhere a run's data goes. The key is
// a canary (sk-canary-<random>); model calls really happen against a fake OpenAI server that
// sees the key, and whose 401 (and a 500) echo it back in their error messages. Afterwards the
// canary, or its random part, is in none of: the server's stdout/stderr, the raw bytes of
// tandem.db and its -wal file, exports, SSE output, response and error bodies.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { client, reviewFlow, type Reply } from "./helpers/runs-api.js";
import { sampleFlow } from "./helpers/sample-flows.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { subscribe } from "./helpers/sse-client.js";

const secret = randomBytes(16).toString("hex");
const canary = `sk-canary-${secret}`;

let fake: FakeOpenAI;
let server: ServerProcess;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  server = await startServerProcess({
    env: { OPENAI_API_KEY: canary, OPENAI_BASE_URL: fake.url, TANDEM_RETRY_BASE_MS: "5" },
  });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const dbFiles = () =>
  readdirSync(server.dataDir)
    .filter((f) => f.startsWith("tandem.db"))
    .map((f) => ({ name: f, bytes: readFileSync(join(server.dataDir, f)) }));

test("the API key reaches the model server and nothing else", async () => {
  const api = client(server.url);
  const seen: string[] = [];
  const keep = (r: Reply) => {
    seen.push(`${r.status} ${JSON.stringify([...r.headers])} ${r.text}`);
    return r;
  };

  // The fake really echoes a key it is sent in a 401: the leak this test guards against is real.
  fake.enqueue({ status: 401 });
  const probe = await fetch(`${fake.url}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${canary}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [] }),
  });
  expect(await probe.text()).toContain(canary);
  const probeCalls = fake.calls.length;

  // 1. A run whose model call succeeds, watched over SSE, answered, exported, imported, forked.
  fake.enqueue({ text: "A fine draft.", tokenDelayMs: 5 });
  const ok = keep(await api.post("/api/runs", { flow: reviewFlow({ model: "openai/gpt-4o-mini" }), input: "write something" })).body.runId;
  const okStream = await subscribe(`${server.url}/api/runs/${ok}/events`);
  const asked = await okStream.waitFor((e) => e.type === "human.requested");
  keep(await api.answer(ok, (asked as { requestId: string }).requestId, { outcome: "approve" }));
  expect(await okStream.closed).toBe("ended");
  seen.push(okStream.raw());
  expect(fake.calls[probeCalls]!.headers.authorization).toBe(`Bearer ${canary}`); // the key was used

  // 2. A run whose call fails: a 500 that quotes the key (retried), then a 401 that echoes it.
  fake.enqueue({ status: 500, message: `upstream failed for ${canary}` }, { status: 401 });
  const failed = keep(await api.post("/api/runs", { flow: sampleFlow("Fails", "openai/gpt-4o-mini"), input: "this will fail" })).body.runId;
  const failStream = await subscribe(`${server.url}/api/runs/${failed}/events`);
  expect(await failStream.closed).toBe("ended");
  seen.push(failStream.raw());
  const failedRun = keep(await api.get(`/api/runs/${failed}`)).body;
  const events: RunEvent[] = failedRun.events;
  const retry = events.find((e) => e.type === "llm.retry") as { error: string; delayMs: number } | undefined;
  const finished = events.at(-1) as { type: string; status: string; error: { code: string; message: string } };
  expect(retry?.error).toMatch(/500/);
  expect(retry!.delayMs).toBeLessThan(50); // TANDEM_RETRY_BASE_MS=5 reached the engine
  expect(finished).toMatchObject({ type: "run.finished", status: "failed", error: { code: "model_error" } });
  expect(finished.error.message).toMatch(/401 Incorrect API key provided/);
  expect(fake.calls.length).toBe(probeCalls + 3);
  expect(fake.calls.slice(probeCalls).every((c) => c.headers.authorization === `Bearer ${canary}`)).toBe(true);

  // Everything a client can read back.
  for (const id of [ok, failed]) {
    keep(await api.get(`/api/runs/${id}`));
    const exported = keep(await api.get(`/api/runs/${id}/export`));
    keep(await api.post("/api/runs/import", exported.body));
  }
  keep(await api.post(`/api/runs/${ok}/fork`, { at: asked.seq, answer: { outcome: "revise" } }));
  keep(await api.get("/api/runs?limit=500"));
  keep(await api.get(`/api/runs?text=${encodeURIComponent("fail")}`));
  for (const path of ["/api/models", "/api/health", "/api/openapi.json", "/api/flows", "/api/tasks"]) keep(await api.get(path));
  // Error bodies.
  keep(await api.answer(ok, (asked as { requestId: string }).requestId, { outcome: "approve" })); // 409
  keep(await api.answer(failed, "nope", { outcome: "x" })); // 404
  keep(await api.control(failed, "continue")); // 409
  keep(await api.post("/api/runs", { flow: sampleFlow("Bad", ""), input: "x" })); // 422
  keep(await api.call("POST", "/api/runs", undefined, { raw: "{oops" })); // 400
  keep(await api.post(`/api/runs/${failed}/fork`, { at: 999 })); // 422
  keep(await api.get("/api/runs/unknown")); // 404
  const errors = seen.filter((s) => /^4\d\d /.test(s));
  expect(errors.length).toBeGreaterThanOrEqual(7);

  // The database while the server runs (the WAL holds the recent writes) …
  const live = dbFiles();
  expect(live.map((f) => f.name)).toEqual(expect.arrayContaining(["tandem.db", "tandem.db-wal"]));
  expect(live.find((f) => f.name === "tandem.db-wal")!.bytes.length).toBeGreaterThan(0);
  // … holds what the runs said (so the bytes are really the run data) and no key.
  const liveText = live.map((f) => f.bytes.toString("latin1")).join("\n");
  expect(liveText).toContain("A fine draft.");
  expect(liveText).toContain("Incorrect API key provided");

  await server.stop();
  const stopped = dbFiles();
  expect(existsSync(join(server.dataDir, "tandem.db"))).toBe(true);

  const logs = server.logs();
  expect(logs).toContain("Tandem is serving on");
  expect(logs).toMatch(/"path":"\/api\/runs\/[^"]+\/events"/);

  const texts: [string, string][] = [
    ["logs", logs],
    ...seen.map((s, i): [string, string] => [`response ${i}`, s]),
    ...[...live, ...stopped].map((f): [string, string] => [f.name, f.bytes.toString("latin1")]),
    ...[...live, ...stopped].map((f): [string, string] => [`${f.name} (utf-16)`, f.bytes.toString("utf16le")]),
  ];
  for (const [where, text] of texts) {
    expect(text.includes(canary), `the key is in ${where}`).toBe(false);
    expect(text.includes(secret), `part of the key is in ${where}`).toBe(false);
  }
});
