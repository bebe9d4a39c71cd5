// Postgres down for 10 s while runs stream on two servers: both say so (health 503, one clear log
// line), the runs wait and retry, and carry on when it is back; nothing acknowledged is lost.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { postgresBackend, testPostgres } from "./helpers/backends.js";
import { client, eventually, sleep } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { subscribe, type Subscription } from "./helpers/sse-client.js";

const OUTAGE_MS = 10_000;
const RUNS = 6;
const words = Array.from({ length: 150 }, (_, i) => `w${i}`).join(" ");
const pos = { x: 0, y: 0 };
const FLOW = {
  schemaVersion: 2,
  name: "One writer",
  nodes: [
    { id: "user", type: "start", position: pos },
    { id: "writer", type: "agent", position: pos, data: { name: "writer", model: "scripted/demo", script: [words] } },
    { id: "end", type: "end", position: pos },
  ],
  edges: [
    { id: "e1", source: "user", target: "writer" },
    { id: "e2", source: "writer", target: "end" },
  ],
};

let servers: ServerProcess[] = [];
beforeAll(async () => {
  const env = { TANDEM_DATABASE_URL: await postgresBackend.target(), TANDEM_SCRIPTED_DELAY_MS: "40" };
  for (let i = 0; i < 2; i++) servers.push(await startServerProcess({ env, timeoutMs: 120_000 }));
}, 240_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});

const status = async (url: string) => (await fetch(`${url}/api/health`)).status;

test("Postgres down for 10 s while runs stream: reported, retried, nothing acknowledged lost", async () => {
  const apis = servers.map((s) => client(s.url));
  const ids = await Promise.all(Array.from({ length: RUNS }, (_, i) => apis[i % 2]!.start(FLOW, `run ${i}`)));
  // Each run watched from the server that does not drive it.
  const subs: Subscription[] = await Promise.all(ids.map((id, i) => subscribe(`${servers[(i + 1) % 2]!.url}/api/runs/${id}/events`)));
  await Promise.all(subs.map((s) => s.waitFor((e) => e.type === "message.delta", 60_000)));

  const pg = await testPostgres();
  pg.kill();
  const downAt = Date.now();
  // What subscribers had when the database went: acknowledged, so stored.
  const acknowledged = subs.map((s) => [...s.events]);
  for (const s of servers) await eventually(async () => (await status(s.url)) === 503, 30_000, "health 503");
  const body = await (await fetch(`${servers[0]!.url}/api/health`)).json();
  expect(body).toMatchObject({ ok: false, database: { kind: "postgres", ok: false } });
  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
  pg.start();
  for (const s of servers) await eventually(async () => (await status(s.url)) === 200, 30_000, "health 200");
  for (const s of servers) {
    const lines = s.logs().split("\n").filter((l) => /database/i.test(l) && /cannot be reached/.test(l));
    // One line for the outage from the writer, not one per run or per try.
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(s.logs()).not.toMatch(/password/i);
  }

  for (const [i, id] of ids.entries()) {
    const api = apis[i % 2]!;
    const done = await eventually(async () => {
      const r = await api.run(id).catch(() => undefined);
      return r && r.state.status !== "running" ? r : undefined;
    }, 120_000, `run ${id} finished`);
    expect(done.state.status).toBe("completed");
    const log: RunEvent[] = done.events;
    expect(log.map((e) => e.seq)).toEqual(log.map((_, k) => k + 1));
    const stored = new Map(log.map((e) => [e.seq, JSON.stringify(e)]));
    for (const e of acknowledged[i]!) expect(stored.get(e.seq)).toBe(JSON.stringify(e));
    expect(log.filter((e) => e.type === "run.finished")).toHaveLength(1);
    // Picking up where it left: the rest of the log from the other server.
    const rest = await subscribe(`${servers[(i + 1) % 2]!.url}/api/runs/${id}/events`, { lastEventId: acknowledged[i]!.at(-1)!.seq });
    await rest.closed;
    expect(rest.events.map((e) => e.seq)).toEqual(log.filter((e) => e.seq > acknowledged[i]!.at(-1)!.seq).map((e) => e.seq));
  }
}, 300_000);
