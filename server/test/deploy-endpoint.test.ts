// Calling a deployment's endpoint as a program does, on a real server and SQLite file: its pinned
// version runs until another is promoted, keys are the only way in and every refusal looks the
// same, the run's status and events are read with the same key, ?wait=true answers with the
// result or the task, and the per-deployment rate, body and origin limits hold.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { caller, publish, saveFlow, saveVersion, started } from "./helpers/deploy-app.js";
import { startPeopleApp, user, type PeopleApp } from "./helpers/people-app.js";
import { chainFlow, eventually, reviewFlow } from "./helpers/runs-api.js";
import { subscribe } from "./helpers/sse-client.js";
import { cleanupCli } from "./helpers/cli.js";

let app: PeopleApp;
let fake: FakeOpenAI;
const api = () => app.as("dee");

/** The chain flow whose first agent says `first`. */
function saying(first: string) {
  const flow = chainFlow();
  flow.nodes[1]!.data!.script = [first];
  return flow;
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ control: true });
  app = await startPeopleApp([user("dee", "designer")], undefined, {
    registry: { scriptedDelayMs: 0, env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "sk-test" } },
  });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  await cleanupCli();
});

describe("pinning", () => {
  test("the endpoint runs the published version while a newer one is saved, and the promoted one after", async () => {
    const flowId = await saveFlow(api(), saying("version one"));
    const key = await publish(api(), "pinned", flowId, 1);
    await saveVersion(api(), flowId, saying("version two"));
    const call = caller(app, "pinned", key);

    const first = await call.start("hello", "?wait=true");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "completed", output: "beta says bye", error: null, task: null });
    expect(await started(app, first.body.runId)).toMatchObject({ flowId, flowVersion: 1, deployment: { name: "pinned", via: "api" } });
    const { state } = await app.as().run(first.body.runId);
    expect(state.messages.map((m: { content: string }) => m.content)).toContain("version one");

    await api().post("/api/deployments/pinned/promote", { version: 2 });
    const second = await call.start("hello", "?wait=true");
    expect(await started(app, second.body.runId)).toMatchObject({ flowVersion: 2, deployment: { name: "pinned", via: "api" } });
    expect((await app.as().run(second.body.runId)).state.messages.map((m: { content: string }) => m.content)).toContain("version two");

    const listed = (await api().get("/api/runs?deployment=pinned")).body.runs;
    expect(listed.map((r: { id: string; flowVersion: number; deployment: string }) => [r.id, r.flowVersion, r.deployment])).toEqual([
      [second.body.runId, 2, "pinned"],
      [first.body.runId, 1, "pinned"],
    ]);
  });
});

describe("calling it", () => {
  let key: string;
  beforeAll(async () => {
    key = await publish(api(), "chain", await saveFlow(api()));
  });

  test("without wait: 201 with the run's status and events URLs, read with the same key", async () => {
    const call = caller(app, "chain", key);
    const res = await call.start("go");
    expect(res.status).toBe(201);
    const { runId } = res.body;
    expect(res.body).toEqual({ runId, statusUrl: `/api/deployments/chain/runs/${runId}`, eventsUrl: `/api/deployments/chain/runs/${runId}/events` });

    const sub = await subscribe(app.url + res.body.eventsUrl, { headers: { authorization: `Bearer ${key}` } });
    expect(sub.status).toBe(200);
    await sub.waitFor((e) => e.type === "run.finished");
    expect(await sub.closed).toBe("ended");
    expect(sub.events[0]).toMatchObject({ type: "run.started", seq: 1 });

    const status = await call.status(runId);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ runId, status: "completed", output: "beta says bye" });
    const keys = (await api().get("/api/deployments/chain/keys")).body.keys;
    expect(keys[0].lastUsedAt).toEqual(expect.any(Number));
  });

  test("wait=true on a run that asks a person: 202 with the task, which is answered as any other", async () => {
    const reviewKey = await publish(api(), "review", await saveFlow(api(), reviewFlow()));
    const res = await caller(app, "review", reviewKey).start("a contract", "?wait=true");
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "waiting", output: null, task: { kind: "question", nodeId: "reviewer", runId: res.body.runId } });
    const answered = await api().answer(res.body.runId, res.body.task.requestId, { outcome: "approve" });
    expect(answered.status).toBe(200);
    await api().status(res.body.runId, "completed");
  });

  test("wait=true past its timeout: 202 with the run still running, which goes on to finish", async () => {
    const flowId = await saveFlow(api(), chainFlow("openai/gpt-4o-mini"));
    const slowKey = await publish(api(), "slow", flowId);
    fake.enqueue({ text: "held here then done", holdAfterTokens: 1 });
    const res = await caller(app, "slow", slowKey).start("go", "?wait=true&timeout=1");
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "running", output: null, task: null });
    // The model's reply is held until released (once its call has come, however long that took).
    const release = async () => (await (await fetch(`${fake.url.replace(/\/v1$/, "")}/__control/release`, { method: "POST" })).json()).released > 0;
    await eventually(release, 10_000, "the held model call");
    await api().status(res.body.runId, "completed");
  });

  test.each([
    ["input", { input: 42 }, 422],
    ["input", {}, 422],
    ["extra", { input: "x", extra: 1 }, 422],
  ])("malformed input is a 422 naming %s, and starts no run", async (path, body, status) => {
    const before = (await api().get("/api/runs?deployment=chain")).body.total;
    const res = await caller(app, "chain", key).api.post("/api/deployments/chain/runs", body);
    expect(res.status).toBe(status);
    expect(res.body.error.path).toBe(path);
    expect((await api().get("/api/runs?deployment=chain")).body.total).toBe(before);
  });

  test("a wait timeout over 120 s is a 422 naming timeout", async () => {
    const res = await caller(app, "chain", key).start("go", "?wait=true&timeout=121");
    expect(res.status).toBe(422);
    expect(res.body.error.path).toBe("timeout");
  });

  test("a run of another deployment, or no run at all, is the same 404 under this deployment's key", async () => {
    const otherKey = await publish(api(), "other", await saveFlow(api()));
    const theirs = (await caller(app, "other", otherKey).start("go", "?wait=true")).body.runId;
    const mine = caller(app, "chain", key);
    for (const runId of [theirs, "no-such-run"]) {
      const res = await mine.status(runId);
      expect(res.status).toBe(404);
      expect((await mine.api.get(`/api/deployments/chain/runs/${runId}/events`)).status).toBe(404);
    }
    expect((await caller(app, "other", otherKey).status(theirs)).status).toBe(200);
  });
});

describe("refusals", () => {
  let key: string;
  let revoked: { id: string; key: string };
  beforeAll(async () => {
    key = await publish(api(), "guarded", await saveFlow(api()));
    revoked = (await api().post("/api/deployments/guarded/keys", { name: "old" })).body;
    await api().call("DELETE", `/api/deployments/guarded/keys/${revoked.id}`);
  });

  test("an unknown deployment, no key, a wrong, revoked or other deployment's key, a person's token: the same 401", async () => {
    const otherKey = await publish(api(), "elsewhere", await saveFlow(api()));
    const personal = app.as("dee");
    const answers = [
      await caller(app, "no-such-deployment", key).start("go"),
      await caller(app, "guarded").start("go"),
      await caller(app, "guarded", `${key.slice(0, -2)}xx`).start("go"),
      await caller(app, "guarded", revoked.key).start("go"),
      await caller(app, "guarded", otherKey).start("go"),
      await personal.post("/api/deployments/guarded/runs", { input: "go" }),
      await caller(app, "guarded", "Basic abc").start("go"),
    ];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(answers[0]!.body);
      expect(res.headers.get("www-authenticate")).toBe(answers[0]!.headers.get("www-authenticate"));
    }
    expect(answers[0]!.body.error.code).toBe("unauthorized");
    expect((await api().get("/api/runs?deployment=guarded")).body.total).toBe(0);
  });

  test("the key opens only this deployment's endpoint: the rest of the API does not take it", async () => {
    const res = await caller(app, "guarded", key).api.get("/api/runs");
    expect(res.status).toBe(401);
    expect((await caller(app, "guarded", key).api.get("/api/deployments/guarded")).status).toBe(401);
  });

  test("over the deployment's runs per minute: 429 with Retry-After, and no run is started", async () => {
    const limitedKey = await publish(api(), "limited", await saveFlow(api()), 1, { limits: { runsPerMinute: 2 } });
    const call = caller(app, "limited", limitedKey);
    expect((await call.start("1")).status).toBe(201);
    expect((await call.start("2")).status).toBe(201);
    const refused = await call.start("3");
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect((await api().get("/api/runs?deployment=limited")).body.total).toBe(2);
    // Another deployment has its own count.
    expect((await caller(app, "guarded", key).start("x")).status).toBe(201);
  });

  test("a body over the deployment's limit: 413, no run; an unknown key is a 401 first", async () => {
    const smallKey = await publish(api(), "small", await saveFlow(api()), 1, { limits: { bodyBytes: 100 } });
    const big = "x".repeat(200);
    const res = await caller(app, "small", smallKey).start(big);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "payload_too_large", message: "the request body is larger than the limit of 100 bytes" });
    expect((await caller(app, "small", "tdk_wrong").start(big)).status).toBe(401);
    expect((await caller(app, "small", smallKey).start("fits")).status).toBe(201);
    expect((await api().get("/api/runs?deployment=small")).body.total).toBe(1);
  });
});

describe("browsers on other sites", () => {
  let key: string;
  beforeAll(async () => {
    key = await publish(api(), "embedded", await saveFlow(api()), 1, { allowedOrigins: ["https://shop.example"] });
  });

  test("an allowed origin is answered with CORS headers, its preflight too", async () => {
    const pre = await fetch(`${app.url}/api/deployments/embedded/runs`, {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
    const res = await caller(app, "embedded", key).start("go", "", { origin: "https://shop.example" });
    expect(res.status).toBe(201);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const sub = await subscribe(app.url + res.body.eventsUrl, { headers: { authorization: `Bearer ${key}`, origin: "https://shop.example" } });
    expect(sub.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    await sub.closed;
  });

  test("any other origin is refused, for an unknown deployment the same way; the rest of the API still refuses every foreign origin", async () => {
    for (const name of ["embedded", "no-such-deployment"]) {
      const res = await caller(app, name, key).start("go", "", { origin: "https://evil.example" });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden_origin");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
    const manage = await api().post("/api/deployments/embedded/keys", { name: "x" }, { origin: "https://shop.example" });
    expect(manage.status).toBe(403);
  });
});
