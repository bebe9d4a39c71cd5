// ANTHROPIC_API_KEY in the server's environment reaches the model server and nothing else: the
// key is a canary, the fake Messages API server sees it, and its errors (a 500, then a 401)
// quote it back. Afterwards it is in none of: the server's output, the database bytes, the
// run's events, its export or the SSE stream.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "./fakes/fake-anthropic.js";
import { client } from "./helpers/runs-api.js";
import { sampleFlow } from "./helpers/sample-flows.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { subscribe } from "./helpers/sse-client.js";

const secret = randomBytes(16).toString("hex");
const canary = `sk-ant-canary-${secret}`;

let fake: FakeAnthropic;
let server: ServerProcess;
beforeAll(async () => {
  fake = await startFakeAnthropic();
  server = await startServerProcess({ env: { ANTHROPIC_API_KEY: canary, ANTHROPIC_BASE_URL: fake.url, TANDEM_RETRY_BASE_MS: "5" } });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

test("the Anthropic key reaches the model server and nothing else", async () => {
  const api = client(server.url);
  fake.enqueue({ status: 500, message: `upstream failed for {key}` }, { status: 401, message: "invalid x-api-key {key}" });
  const runId = (await api.post("/api/runs", { flow: sampleFlow("Fails", "anthropic/claude-haiku-4-5"), input: "this will fail" })).body.runId;
  const stream = await subscribe(`${server.url}/api/runs/${runId}/events`);
  expect(await stream.closed).toBe("ended");

  // The key was sent with both calls, and the run failed on the 401 (its message, not its key, kept).
  expect(fake.calls.map((c) => c.headers.authorization)).toEqual([`Bearer ${canary}`, `Bearer ${canary}`]);
  const run = await api.get(`/api/runs/${runId}`);
  const finished = run.body.events.at(-1);
  expect(finished).toMatchObject({ type: "run.finished", status: "failed", error: { code: "model_error" } });
  expect(finished.error.message).toContain("check ANTHROPIC_API_KEY");
  const exported = await api.get(`/api/runs/${runId}/export`);

  await server.stop();
  const db = readdirSync(server.dataDir)
    .filter((f) => f.startsWith("tandem.db"))
    .map((f) => readFileSync(join(server.dataDir, f)));
  expect(db.map((b) => b.toString("latin1")).join("")).toContain("invalid x-api-key");
  const texts: [string, string][] = [
    ["logs", server.logs()],
    ["SSE", stream.raw()],
    ["run", run.text],
    ["export", exported.text],
    ...db.map((b, i): [string, string] => [`database file ${i}`, b.toString("latin1")]),
  ];
  for (const [where, text] of texts) expect(text.includes(secret), `the key is in the ${where}`).toBe(false);
});
