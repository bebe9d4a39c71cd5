// Votes are taken exactly once across processes: the server driving a quorum question dies, and
// two servers on its data directory get twenty votes at once for a quorum of two; exactly two
// votes and one decision are stored, every other vote is a clear 409, and both servers show the
// run as the store has it.
import type { RunEvent } from "@tandem/shared";
import { afterAll, expect, test, vi } from "vitest";
import { cleanupCli } from "./helpers/cli.js";
import { assignedReview } from "./helpers/people-app.js";
import { client } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

// Two servers start, on a machine that may be busy.
vi.setConfig({ testTimeout: 120_000 });

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  await cleanupCli();
});

async function server(dataDir?: string) {
  const s = await startServerProcess({ dataDir, env: { TANDEM_SCRIPTED_DELAY_MS: "0" }, timeoutMs: 60_000 });
  servers.push(s);
  return s;
}

test("twenty votes at once on two servers for a quorum of two: two votes and one decision are stored", async () => {
  const driver = await server();
  const id = await client(driver.url).start(assignedReview({ quorum: { count: 2, outcome: "approve" } }), "vote on it");
  const { state } = await client(driver.url).status(id, "waiting");
  const requestId = state.pending.requestId as string;
  const [a, b] = await Promise.all([server(driver.dataDir), server(driver.dataDir)]);
  // Its driver gone, the run is the first voter's server's to take over.
  await driver.kill9();
  const [apiA, apiB] = [client(a.url), client(b.url)];

  const replies = await Promise.all(
    Array.from({ length: 20 }, (_, i) => (i % 2 ? apiA : apiB).answer(id, requestId, { outcome: "approve", by: `voter-${i}` })),
  );
  const taken = replies.filter((r) => r.status === 200);
  expect(taken.map((r) => r.body.event.type).sort()).toEqual(["human.responded", "human.voted"]);
  for (const r of replies.filter((r) => r.status !== 200)) {
    expect(r.status, r.text).toBe(409);
    expect(["already_answered", "held_elsewhere"]).toContain(r.body.error.code);
  }

  const done = await apiA.status(id, "completed");
  const of = (events: RunEvent[], type: string) => events.filter((e) => e.type === type);
  expect(of(done.events, "human.voted")).toHaveLength(2);
  expect(of(done.events, "human.responded")).toEqual([expect.objectContaining({ votes: 2, outcome: "approve" })]);
  expect((await apiB.run(id)).events).toEqual(done.events);
});
