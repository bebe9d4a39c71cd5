// Three servers on one Postgres: a run driven by one is seen live from the others, exactly as
// its log holds it (Last-Event-ID too), answered once, and listed by /api/cluster.
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

  // The same answer sent at once to every server: the driver takes it, once; the others say
  // which process drives the run (clients send it there), or give back the answer taken.
  const [atA, atB, atC] = await Promise.all(
    [a!, b!, c!].map((api) => api.answer(id, requestId, { outcome: "approve" }, { "idempotency-key": "once" })),
  );
  expect(atA!.status).toBe(200);
  for (const r of [atB!, atC!]) {
    // Sent on after the driver took it, the same key gets the same event back.
    if (r.status === 200) expect(r.body.event).toEqual(atA!.body.event);
    else expect(["held_elsewhere", "already_answered"], r.text).toContain(r.body.error.code);
  }
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
