// Votes are taken exactly once across processes: the server driving a quorum question dies, and
// two servers on its data directory get twenty votes at once for a quorum of two; exactly two
// votes and one decision are stored, every other vote is a clear 409, and both servers show the
// run as the store has it. The same race between two engines, on SQLite and on Postgres.
import type { RunEvent } from "@tandem/shared";
import { afterAll, describe, expect, test, vi } from "vitest";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { sqlBackends } from "./helpers/backends.js";
import { cleanupCli } from "./helpers/cli.js";
import { processesOn } from "./helpers/engine-processes.js";
import { assignedReview } from "./helpers/people-app.js";
import { client } from "./helpers/runs-api.js";
import { waitEvent } from "./helpers/run-events.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

// Two servers start, on a machine that may be busy.
vi.setConfig({ testTimeout: 120_000 });

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  await cleanupCli();
});

const of = (events: RunEvent[], type: string) => events.filter((e) => e.type === type);

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
  expect(of(done.events, "human.voted")).toHaveLength(2);
  expect(of(done.events, "human.responded")).toEqual([expect.objectContaining({ votes: 2, outcome: "approve" })]);
  expect((await apiB.run(id)).events).toEqual(done.events);
});

describe.each(sqlBackends)("on $name", (backend) => {
  test("twenty votes at once through two engines for a quorum of two, its driver frozen: two votes and one decision are stored", async () => {
    const aProcess = await processesOn(backend);
    let clock = Date.now();
    const driver = await aProcess();
    const run = await driver.start(checkFlowDocument(assignedReview({ quorum: { count: 2, outcome: "approve" } })), "vote on it");
    const { requestId } = await waitEvent(driver, run, "human.requested");
    // The driver froze: to the two others it has not marked itself fresh for 31 s.
    clock += 31_000;
    const [a, b] = [await aProcess(() => clock), await aProcess(() => clock)];

    const replies = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).answer(run.id, requestId, { outcome: "approve" }, `voter-${i}`)),
    );
    const taken = replies.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(taken.map((e) => e.type).sort()).toEqual(["human.responded", "human.voted"]);
    for (const r of replies) {
      if (r.status === "rejected") expect(["already_answered", "held_elsewhere"]).toContain((r.reason as { code?: string }).code);
    }

    await (a.get(run.id) ?? b.get(run.id))?.done;
    const events = await a.events(run.id);
    expect(events.at(-1)).toMatchObject({ type: "run.finished", status: "completed" });
    expect(of(events, "human.voted")).toHaveLength(2);
    expect(of(events, "human.responded")).toEqual([expect.objectContaining({ votes: 2, outcome: "approve" })]);
    expect(await b.state(run.id)).toEqual(await a.state(run.id));
  });
});
