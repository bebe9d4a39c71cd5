// Three servers on one Postgres: a run driven by one is seen live from the others, exactly as
// its log holds it (Last-Event-ID too), answered at another, and listed by /api/cluster.
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

test("subscribers on B and C of a run driven by A receive exactly its log; an answer at C takes effect once", async () => {
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

  // Two answers with one key at C, one with another key at B, all at once: one is taken; the
  // retry gets the same event, the other is told the request was answered.
  const [first, again, other] = await Promise.all([
    c!.answer(id, requestId, { outcome: "approve" }, { "idempotency-key": "at-c" }),
    c!.answer(id, requestId, { outcome: "approve" }, { "idempotency-key": "at-c" }),
    b!.answer(id, requestId, { outcome: "approve" }, { "idempotency-key": "at-b" }),
  ]);
  for (const r of [first, again, other]) expect([200, 409], r.text).toContain(r.status);
  expect([first, again, other].filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
  if (first.status === 200 && again.status === 200) expect(again.body.event).toEqual(first.body.event);
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
