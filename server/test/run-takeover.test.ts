// A run whose driver died is taken over at the moment someone answers or controls it, by real
// processes on one data directory: a driver killed with -9 and left unreaped (a zombie, as
// under a parent that reaps nothing) holds nothing, and when two servers get fifty answers at
// once for the runs of a driver that died, each run takes exactly one, every other answer is a
// clear 409, both servers stay up and both show each run as the store has it. And a process
// whose run another took over (after it froze) lets go as soon as the store refuses its write.
// A run at rest moves to the server a person reached even while its driver lives.
import { afterAll, describe, expect, onTestFinished, test, vi } from "vitest";
import { fold, type RunEvent } from "@tandem/shared";
import { Engine } from "../src/engine/engine.js";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { AnswerError } from "../src/engine/errors.js";
import { createRegistry } from "../src/providers/registry.js";
import { openSql } from "../src/store/open.js";
import { createRunOwners } from "../src/store/owners.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { sqlBackends } from "./helpers/backends.js";
import { processesOn } from "./helpers/engine-processes.js";
import { cleanupCli } from "./helpers/cli.js";
import { waitEvent } from "./helpers/run-events.js";
import { chainFlow, client, reviewFlow, type Reply } from "./helpers/runs-api.js";
import { processState, startServerProcess, type ServerProcess, type ServerProcessOptions } from "./helpers/server-process.js";

// Several servers start in each test, on a machine that may be busy.
vi.setConfig({ testTimeout: 180_000 });

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  await cleanupCli();
});

async function server(o: ServerProcessOptions = {}) {
  const s = await startServerProcess({ ...o, env: { TANDEM_SCRIPTED_DELAY_MS: "0" }, timeoutMs: 60_000 });
  servers.push(s);
  return s;
}

/** Kills the server with -9 and checks that it is left a zombie (killed, not reaped). */
async function killToZombie(s: ServerProcess) {
  await s.kill9();
  expect(processState(s.pid)).toBe("Z");
  onTestFinished(() => s.reap());
}

const responded = (events: RunEvent[]) => events.filter((e) => e.type === "human.responded");

describe("a driver killed and left unreaped (a zombie)", () => {
  test("holds nothing: another process claims its run at once and an answer there is applied, not refused", async () => {
    const driver = await server({ unreaped: true });
    const api = client(driver.url);
    const id = await api.start(reviewFlow(), "driven by a process that dies");
    const { state } = await api.status(id, "waiting");

    const { sql } = await openSql(driver.dataDir);
    const owners = createRunOwners(sql);
    onTestFinished(async () => {
      await owners.close();
      await sql.close();
    });
    expect(await owners.heldElsewhere(id)).toBe(driver.pid);
    await killToZombie(driver);
    expect(await owners.heldElsewhere(id)).toBeUndefined();

    // The answer takes the run over: this process drives it to its end.
    const engine = new Engine({ store: createSqlEventStore(sql), registry: createRegistry({ scriptedDelayMs: 0 }), owners });
    const event = await engine.answer(id, state.pending.requestId, { outcome: "approve" }, "a person");
    expect(event).toMatchObject({ type: "human.responded", outcome: "approve", by: "a person" });
    expect(await engine.get(id)!.done).toMatchObject({ status: "completed" });
    expect(responded(await engine.events(id))).toEqual([event]);
  });

  test("a second server on the same data answers and controls the zombie's runs at once", async () => {
    const driver = await server({ unreaped: true });
    const peer = await server({ dataDir: driver.dataDir });
    const [api1, api2] = [client(driver.url), client(peer.url)];
    const waiting = await api1.start(reviewFlow(), "waits for a person");
    const paused = await api1.start(chainFlow(), "paused in step mode", { stepMode: true });
    const { state } = await api1.status(waiting, "waiting");
    await api1.status(paused, "paused");
    // While the driver lives, a run of it at rest moves to the server a person reached.
    const elsewhere = await api1.start(chainFlow(), "paused, continued at the peer", { stepMode: true });
    await api1.status(elsewhere, "paused");
    const moved = await api2.control(elsewhere, "continue");
    expect(moved.status, moved.text).toBe(200);
    await api2.status(elsewhere, "completed");
    await api1.status(elsewhere, "completed");

    await killToZombie(driver);
    const answered = await api2.answer(waiting, state.pending.requestId, { outcome: "approve" });
    expect(answered.status, answered.text).toBe(200);
    const continued = await api2.control(paused, "continue");
    expect(continued.status, continued.text).toBe(200);
    expect(responded((await api2.status(waiting, "completed")).events)).toHaveLength(1);
    await api2.status(paused, "completed");
    expect(processState(driver.pid)).toBe("Z"); // still unreaped: it was never needed
  });
});

describe("two servers, a driver that died, fifty answers at once", () => {
  const RUNS = 4;
  const ANSWERS = 50;

  test("each run takes exactly one answer; the rest get a clear 409; no server dies; both show what the store has", async () => {
    const driver = await server();
    const [a, b] = await Promise.all([server({ dataDir: driver.dataDir }), server({ dataDir: driver.dataDir })]);
    const [apiA, apiB] = [client(a.url), client(b.url)];
    const api = client(driver.url);
    const ids: string[] = [];
    for (let i = 0; i < RUNS; i++) ids.push(await api.start(reviewFlow(), `round ${i}`));
    const requests = await Promise.all(ids.map(async (id) => (await api.status(id, "waiting")).state.pending.requestId as string));
    await driver.kill9();

    const replies: Reply[][] = await Promise.all(
      ids.map((id, r) =>
        Promise.all(
          Array.from({ length: ANSWERS }, (_, i) =>
            (i % 2 ? apiA : apiB).answer(id, requests[r]!, { outcome: "approve", text: `answer ${i}` }),
          ),
        ),
      ),
    );

    for (const [r, id] of ids.entries()) {
      const ok = replies[r]!.filter((x) => x.status === 200);
      expect(ok, `run ${r}: ${replies[r]!.map((x) => x.status).join(" ")}`).toHaveLength(1);
      for (const refused of replies[r]!.filter((x) => x.status !== 200)) {
        expect(refused.status, refused.text).toBe(409);
        // Already answered, or answered first by the other server, which drives it now.
        expect(["already_answered", "held_elsewhere"]).toContain(refused.body.error.code);
        expect(refused.body.error.message).not.toContain(`pid ${driver.pid}`);
      }
      // Both servers come to the store's view of the run: completed, with the one answer taken.
      const [viewA, viewB] = [await apiA.status(id, "completed"), await apiB.status(id, "completed")];
      expect(viewB.events).toEqual(viewA.events);
      expect(viewA.state).toEqual(viewB.state);
      expect(viewA.events.map((e) => e.seq)).toEqual(viewA.events.map((_, i) => i + 1));
      expect(responded(viewA.events)).toEqual([ok[0]!.body.event]);
    }
    // Both servers are still up, and neither answered anything with a 500.
    for (const s of [apiA, apiB]) expect((await s.get("/api/health")).status).toBe(200);
    expect(replies.flat().filter((x) => x.status >= 500)).toEqual([]);
    expect(a.logs() + b.logs()).not.toMatch(/"level":50/);
  });
});

describe.each(sqlBackends)("in one test process, on $name", (backend) => {
  test("a process whose run another took over lets go once the store refuses its answer: the other's answer stands, and it reads the run from the store", async () => {
    const aProcess = await processesOn(backend);
    let clock = Date.now();
    const a = await aProcess();
    const b = await aProcess(() => clock);
    const run = await a.start(checkFlowDocument(reviewFlow()), "a driver that froze");
    await waitEvent(a, run, "human.requested");
    const { requestId } = run.state.pending!;

    clock += 31_000; // to b, a has not marked itself fresh for 31 s
    const taken = await b.answer(run.id, requestId, { outcome: "approve" }, "someone at b");
    const refused = await a.answer(run.id, requestId, { outcome: "revise" }, "someone at a").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AnswerError);
    expect(refused).toMatchObject({ code: "already_answered", message: expect.stringContaining("someone at b") });
    // a's copy stopped (its drive ends, it is not a's any more) and writes nothing more.
    await run.done;
    expect(run.detached).toBe(true);
    expect(a.get(run.id)).toBeUndefined();

    await b.get(run.id)?.done; // b drives it to its end (unless it is there already)
    expect(await b.state(run.id)).toMatchObject({ status: "completed" });
    const stored = await a.events(run.id);
    expect(await a.state(run.id)).toEqual(fold(stored));
    expect(responded(stored)).toEqual([taken]);
  });

  test("two processes get fifty answers at once for the runs of a driver that froze: each run takes exactly one, the rest are refused clearly", async () => {
    const aProcess = await processesOn(backend);
    let clock = Date.now();
    const driver = await aProcess();
    const runs = await Promise.all(Array.from({ length: 3 }, (_, i) => driver.start(checkFlowDocument(reviewFlow()), `round ${i}`)));
    const requests = await Promise.all(runs.map(async (run) => (await waitEvent(driver, run, "human.requested")).requestId));
    // The driver froze: to the two others it has not marked itself fresh for 31 s.
    clock += 31_000;
    const [a, b] = [await aProcess(() => clock), await aProcess(() => clock)];

    const replies = await Promise.all(
      runs.map((run, r) =>
        Promise.allSettled(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).answer(run.id, requests[r]!, { outcome: "approve", text: `answer ${i}` }, `person ${i}`))),
      ),
    );
    for (const [r, run] of runs.entries()) {
      const ok = replies[r]!.flatMap((x) => (x.status === "fulfilled" ? [x.value] : []));
      expect(ok).toHaveLength(1);
      for (const x of replies[r]!) {
        if (x.status === "fulfilled") continue;
        // Already answered, or taken over first by the other process, which drives it now.
        expect(["already_answered", "held_elsewhere"]).toContain((x.reason as { code?: string }).code);
      }
      await (a.get(run.id) ?? b.get(run.id))?.done;
      expect(await a.state(run.id)).toMatchObject({ status: "completed" });
      const stored = await a.events(run.id);
      expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
      expect(responded(stored)).toEqual(ok);
      expect(await b.state(run.id)).toEqual(await a.state(run.id));
    }
  });
});
