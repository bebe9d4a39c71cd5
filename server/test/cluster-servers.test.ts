// Three servers on one Postgres: a run driven by one is seen live from the others, exactly as
// its log holds it (Last-Event-ID too), answered and controlled at any of them once, listed by
// /api/cluster, and its question's deadline taken once by another server when the one that
// asked is killed.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { postgresBackend } from "./helpers/backends.js";
import { client, reviewFlow } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { subscribe } from "./helpers/sse-client.js";

let servers: ServerProcess[] = [];
beforeAll(async () => {
  const database = await postgresBackend.target();
  const env = { TANDEM_DATABASE_URL: database, TANDEM_SCRIPTED_DELAY_MS: "5" };
  // One after another: the first migrates the database, the others find it done.
  for (let i = 0; i < 3; i++) servers.push(await startServerProcess({ env, timeoutMs: 120_000 }));
}, 240_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});

const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
const bare = (events: RunEvent[]) => events.map((e) => JSON.stringify(e));

test("subscribers on B and C of a run driven by A receive exactly its log; an answer sent to every server is taken once", async () => {
  const [a, b, c] = servers.map((s) => client(s.url));
  const id = await a!.start(reviewFlow({ script: [words] }), "cross-server");
  const onB = await subscribe(`${servers[1]!.url}/api/runs/${id}/events`);
  const onC = await subscribe(`${servers[2]!.url}/api/runs/${id}/events`);
  const asked = await onB.waitFor((e) => e.type === "human.requested", 60_000);
  await onC.waitFor((e) => e.type === "human.requested", 60_000);
  const requestId = (asked as Extract<RunEvent, { type: "human.requested" }>).requestId;

  // The cluster: three live servers; A drives the run.
  const cluster = (await a!.get("/api/cluster")).body;
  expect(cluster.database.kind).toBe("postgres");
  expect(cluster.servers.filter((s: { live: boolean }) => s.live)).toHaveLength(3);
  const self = cluster.servers.find((s: { self: boolean }) => s.self);
  expect(self.runs).toBe(1);
  expect((await a!.health()).serverId).toBe(self.id);

  // The question is a task on every server, whichever drives the run.
  for (const api of [a!, b!, c!]) {
    const { tasks } = (await api.get("/api/tasks")).body;
    expect(tasks.map((t: { requestId: string }) => t.requestId)).toContain(requestId);
  }

  // The same answer sent at once to every server: one of them takes it, once (the run at rest
  // moves to it if need be); the others give back the answer taken, as the same key asks.
  const replies = await Promise.all([a!, b!, c!].map((api) => api.answer(id, requestId, { outcome: "approve" }, { "idempotency-key": "once" })));
  for (const r of replies) expect(r.status, r.text).toBe(200);
  expect(replies[1]!.body.event).toEqual(replies[0]!.body.event);
  expect(replies[2]!.body.event).toEqual(replies[0]!.body.event);
  const finished = await onB.waitFor((e) => e.type === "run.finished", 60_000);
  await onC.waitFor((e) => e.type === "run.finished", 60_000);
  expect(finished.seq).toBeGreaterThan(asked.seq);

  const log = (await b!.run(id)).events;
  expect(log.filter((e) => e.type === "human.responded")).toHaveLength(1);
  expect(bare(onB.events)).toEqual(bare(log));
  expect(bare(onC.events)).toEqual(bare(log));

  // Last-Event-ID at yet another server: the rest of the log, nothing before it.
  const from = Math.floor(log.length / 2);
  const late = await subscribe(`${servers[0]!.url}/api/runs/${id}/events`, { lastEventId: from });
  await late.closed;
  expect(bare(late.events)).toEqual(bare(log.filter((e) => e.seq > from)));
}, 180_000);

test("a run streaming on A is paused from C without its step done twice, continued from B and answered at C", async () => {
  const [a, b, c] = servers.map((s) => client(s.url));
  // 400 words 5 ms apart: the writer streams for about two seconds.
  const long = Array.from({ length: 400 }, (_, i) => `w${i}`).join(" ");
  const id = await a!.start(reviewFlow({ script: [long, "short"] }), "controlled elsewhere");
  const onB = await subscribe(`${servers[1]!.url}/api/runs/${id}/events`);
  await onB.waitFor((e) => e.type === "message.delta", 60_000);

  // Mid-step on A: C sends the pause on; A pauses once the writer's turn is done.
  const paused = await c!.control(id, "pause");
  expect(paused.status, paused.text).toBe(200);
  const pausedAt = await onB.waitFor((e) => e.type === "run.paused", 60_000);
  expect(pausedAt).toMatchObject({ nodeId: "reviewer", reason: "request" });

  // Paused is at rest: B takes it on and the run goes to the reviewer.
  const continued = await b!.control(id, "continue");
  expect(continued.status, continued.text).toBe(200);
  const asked = (await onB.waitFor((e) => e.type === "human.requested", 60_000)) as Extract<RunEvent, { type: "human.requested" }>;
  const answered = await c!.answer(id, asked.requestId, { outcome: "approve" });
  expect(answered.status, answered.text).toBe(200);
  await onB.waitFor((e) => e.type === "run.finished", 60_000);

  const log = (await a!.run(id)).events;
  // One writer turn, streamed once: the pause did not cut it off to be done again elsewhere.
  expect(log.filter((e) => e.type === "node.started" && e.nodeId === "writer")).toHaveLength(1);
  expect(log.filter((e) => e.type === "run.paused")).toHaveLength(1);
  expect(log.at(-1)).toMatchObject({ type: "run.finished", status: "completed" });
  expect(bare(onB.events)).toEqual(bare(log));
}, 180_000);

test("a cancel sent to another server than the one streaming the run ends it once, and answers with its end", async () => {
  const [a, , c] = servers.map((s) => client(s.url));
  const long = Array.from({ length: 400 }, (_, i) => `w${i}`).join(" ");
  const id = await a!.start(reviewFlow({ script: [long] }), "cancelled elsewhere");
  const onC = await subscribe(`${servers[2]!.url}/api/runs/${id}/events`);
  await onC.waitFor((e) => e.type === "message.delta", 60_000);
  const cancelled = await c!.control(id, "cancel");
  expect(cancelled.status, cancelled.text).toBe(200);
  expect(cancelled.body.status).toBe("cancelled");
  const log = (await c!.run(id)).events;
  expect(log.filter((e) => e.type === "run.finished")).toEqual([expect.objectContaining({ status: "cancelled" })]);
  expect(log.filter((e) => e.type === "node.started" && e.nodeId === "writer")).toHaveLength(1);
}, 180_000);

test("a question's deadline holds when the server that asked it is killed: another takes the run on and its default outcome is taken once", async () => {
  const [a] = servers.map((s) => client(s.url));
  const id = await a!.start(reviewFlow({ script: ["a draft"], timeoutSeconds: 3, defaultOutcome: "approve" }), "deadline across servers");
  const onB = await subscribe(`${servers[1]!.url}/api/runs/${id}/events`);
  await onB.waitFor((e) => e.type === "human.requested", 60_000);
  // Last here: the server that asked is gone for good.
  await servers[0]!.kill9();
  const finished = await onB.waitFor((e) => e.type === "run.finished", 60_000);
  expect(finished).toMatchObject({ status: "completed" });
  const log = (await client(servers[2]!.url).run(id)).events;
  expect(log.filter((e) => e.type === "human.timed_out")).toEqual([expect.objectContaining({ outcome: "approve" })]);
  expect(log.filter((e) => e.type === "human.responded")).toHaveLength(0);
  expect(bare(onB.events)).toEqual(bare(log));
}, 180_000);
