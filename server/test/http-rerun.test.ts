// Re-run from a node visit (POST /api/runs/:id/fork with `from`) against a real server whose
// model is a fake OpenAI server: the fork keeps the events up to just before the visit, no
// model call before it is made again (counted at the fake server), the node runs with its new
// settings, and a visit that does not exist is refused naming the field, with no run left behind.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { chainFlow, client, comparable, reviewFlow } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const MODEL = "openai/gpt-4o-mini";
let fake: FakeOpenAI;
let server: ServerProcess;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  server = await startServerProcess({ env: { OPENAI_API_KEY: "sk-test-rerun", OPENAI_BASE_URL: fake.url } });
  api = client(server.url);
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const started = (events: RunEvent[], nodeId: string, visit: number) => events.find((e) => e.type === "node.started" && e.nodeId === nodeId && e.visit === visit)!;
const total = async () => (await api.get("/api/runs?limit=1")).body.total as number;

test("from the second agent: the first agent's reply is the recording, only the second calls the model, with its new system message", async () => {
  const parent = await api.start(chainFlow(MODEL), "Plan the launch");
  const done = await api.status(parent, "completed");
  const calls = fake.calls.length;

  const res = await api.post(`/api/runs/${parent}/fork`, { from: { nodeId: "b", visit: 1 }, nodes: { b: { systemMessage: "Answer in one word." } } });
  expect(res.status).toBe(201);
  const child = await api.status(res.body.runId, "completed");

  const cut = started(done.events, "b", 1).seq - 1;
  expect(child.run).toMatchObject({ parentRunId: parent, parentSeq: cut });
  expect(comparable(child.events.slice(1, cut))).toEqual(comparable(done.events.slice(1, cut)));
  expect(child.events[cut]).toMatchObject({ type: "node.started", nodeId: "b", visit: 1 });
  // One new call, the second agent's, with its new system message and the recorded first reply.
  expect(fake.calls.length).toBe(calls + 1);
  const body = fake.calls.at(-1)!.body;
  expect(body.messages[0]).toEqual({ role: "system", content: "Answer in one word." });
  expect(JSON.stringify(body.messages)).toContain("You said: Plan the launch");
  expect(child.state.messages.map((m: { name: string }) => m.name)).toEqual(["user", "alpha", "beta"]);
});

test("from a later visit of a loop: the person's earlier answer is kept, the node's second visit runs live", async () => {
  const parent = await api.start(reviewFlow({ model: MODEL }), "A note about Friday");
  let r = await api.status(parent, "waiting");
  await api.answer(parent, r.state.pending.requestId, { outcome: "revise", text: "Mention the rollback plan." });
  r = await api.until(parent, (s, events) => s.status === "waiting" && events.filter((e) => e.type === "human.requested").length === 2);
  await api.answer(parent, r.state.pending.requestId, { outcome: "approve" });
  const done = await api.status(parent, "completed");
  const calls = fake.calls.length;

  const res = await api.post(`/api/runs/${parent}/fork`, { from: { nodeId: "writer", visit: 2 }, nodes: { writer: { systemMessage: "Write it shorter." } } });
  expect(res.status).toBe(201);
  const child = await api.status(res.body.runId, "waiting");
  const cut = started(done.events, "writer", 2).seq - 1;
  expect(child.run.parentSeq).toBe(cut);
  expect(child.events.slice(0, cut).filter((e) => e.type === "human.responded")).toMatchObject([{ outcome: "revise", text: "Mention the rollback plan." }]);
  expect(fake.calls.length).toBe(calls + 1);
  expect(fake.calls.at(-1)!.body.messages[0]).toEqual({ role: "system", content: "Write it shorter." });
  expect(child.state.nodes.writer.visits).toBe(2);
});

test("a visit that does not exist, or both or neither of at and from: 422 naming the field, no run made", async () => {
  const parent = await api.start(chainFlow(MODEL), "bad re-runs");
  const done = await api.status(parent, "completed");
  const before = await total();
  const calls = fake.calls.length;
  const cases: [unknown, string, string][] = [
    [{ from: { nodeId: "b", visit: 2 } }, "invalid_fork", "from.visit"],
    [{ from: { nodeId: "ghost", visit: 1 } }, "invalid_fork", "from.nodeId"],
    [{ from: { nodeId: "b", visit: 0 } }, "invalid_request", "from.visit"],
    [{ from: { nodeId: "b" } }, "invalid_request", "from.visit"],
    [{ at: 2, from: { nodeId: "b", visit: 1 } }, "invalid_fork", "from"],
    [{}, "invalid_fork", "at"],
    [{ from: { nodeId: "b", visit: 1 }, nodes: { end: { model: MODEL } } }, "invalid_fork", "nodes.end"],
  ];
  for (const [body, code, path] of cases) {
    const res = await api.post(`/api/runs/${parent}/fork`, body);
    expect(res.status, JSON.stringify(body)).toBe(422);
    expect(res.body.error, JSON.stringify(body)).toMatchObject({ code, path });
  }
  expect((await api.post(`/api/runs/${parent}/fork`, { from: { nodeId: "b", visit: 2 } })).body.error.message).toContain('node "b" ran 1 time');
  expect(await total()).toBe(before);
  expect(fake.calls.length).toBe(calls);
  expect((await api.run(parent)).events).toEqual(done.events);
});
