// The scheduler against real stores and the real engine, with a clock moved by hand (time and
// timers are its dependency): the one timer it arms, each tick run once, missed ticks by the
// schedule's policy, pause and resume, a claim left by a dead process, and ticks that cannot start.
import { randomUUID } from "node:crypto";
import type { RunEvent } from "@tandem/shared";
import { afterEach, beforeEach, expect, test } from "vitest";
import { startDeploymentRun } from "../src/deploy/start.js";
import type { Run } from "../src/engine/run.js";
import { openRuntime, type Runtime } from "../src/runtime.js";
import { readCron } from "../src/schedules/cron.js";
import { LATE_MS, Scheduler, type Clock, type SchedulerDeps } from "../src/schedules/scheduler.js";
import { cleanupCli, tempDir } from "./helpers/cli.js";
import { deployedFlow } from "./helpers/deployed-flow.js";

const MINUTE = 60_000;
/** A Monday, 10:00:00 UTC. */
const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);
const MAX_TIMER = 10 * MINUTE;

let runtime: Runtime;
const schedulers: Scheduler[] = [];
/** The runs the schedulers started: each finishes before its runtime closes. */
const started: Run[] = [];
beforeEach(async () => {
  runtime = await openRuntime({ dataDir: tempDir("tandem-schedules-"), registry: { scriptedDelayMs: 0 } });
  await deployedFlow(runtime, "nightly");
});
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  await Promise.all(started.splice(0).map((r) => r.done));
  await runtime.close();
  await cleanupCli();
});

/** Until every scheduler has handled what it was woken for. */
const settled = () => Promise.all(schedulers.map((s) => s.settled()));

/** A clock moved by hand; the scheduler's one armed timer is `armed`, fired by `fire()`. */
function handClock(start: number) {
  let now = start;
  let armed: { fn: () => void; at: number } | undefined;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => (armed = { fn, at: now + ms }),
    clearTimeout: (h) => {
      if (armed === h) armed = undefined;
    },
  };
  return {
    clock,
    armed: () => armed,
    set: (t: number) => (now = t),
    /** Lets the armed timer go off, on time or late at `at` (the machine slept), and waits for what it does. */
    async fire(at = armed!.at) {
      const a = armed!;
      now = at;
      armed = undefined;
      a.fn();
      await settled();
    },
  };
}

/** A scheduler on the runtime's stores, started (and settled) unless told otherwise. */
async function scheduler(clock: Clock, extra: Partial<SchedulerDeps> = {}, start = true) {
  const s = new Scheduler({
    schedules: runtime.schedules,
    deployments: runtime.deployments,
    startRun: async (d, input, how) => {
      const run = await startDeploymentRun(runtime, d, input, how);
      started.push(run);
      return run;
    },
    owners: runtime.owners,
    clock,
    maxTimerMs: MAX_TIMER,
    ...extra,
  });
  schedulers.push(s);
  if (start) {
    s.start();
    await s.settled();
  }
  return s;
}

/** Tells every scheduler that schedules changed, and waits until they have handled it. */
async function changed() {
  for (const s of schedulers) s.changed();
  await settled();
}

/** The ticks the deployment's runs were started for, from each run's run.started. */
async function ranTicks(deployment = "nightly"): Promise<number[]> {
  const { runs } = await runtime.events.listRuns({ deployment });
  const ticks = await Promise.all(runs.map(async (r) => ((await runtime.events.events(r.id))[0] as Extract<RunEvent, { type: "run.started" }>).deployment!.tick!));
  return ticks.sort((a, b) => a - b);
}

test("cron times: five or six fields, in the schedule's time zone across a daylight-saving change", () => {
  const ny = readCron("0 9 * * *", "America/New_York").next(Date.UTC(2026, 2, 7), 2);
  // 09:00 in New York is 14:00 UTC before the clocks go forward on 8 March, 13:00 after.
  expect(ny.map((t) => new Date(t).toISOString())).toEqual(["2026-03-07T14:00:00.000Z", "2026-03-08T13:00:00.000Z"]);
  expect(readCron("*/20 * * * * *", "UTC").next(T0, 3)).toEqual([T0 + 20_000, T0 + 40_000, T0 + 60_000]);
  expect(readCron("* * * * *", "UTC").previous(T0 + 1, 3)).toEqual([T0, T0 - MINUTE, T0 - 2 * MINUTE]);
});

test("one timer, armed for the next tick across schedules, never sooner and at most the max timer away", async () => {
  const h = handClock(T0 + 1000);
  await scheduler(h.clock);
  // No schedules: it only wakes after the max timer to read the clock again.
  expect(h.armed()!.at).toBe(T0 + 1000 + MAX_TIMER);

  await runtime.schedules.create("nightly", { cron: "*/5 * * * *" }, h.clock.now());
  await runtime.schedules.create("nightly", { cron: "0 0 1 1 *" }, h.clock.now());
  await changed();
  expect(h.armed()!.at).toBe(T0 + 5 * MINUTE);
  await h.fire();
  expect(await ranTicks()).toEqual([T0 + 5 * MINUTE]);
  expect(h.armed()!.at).toBe(T0 + 10 * MINUTE);
});

test("each tick runs once, pinned to the deployment's version, even with a second scheduler on the same database", async () => {
  const h = handClock(T0);
  const s = await runtime.schedules.create("nightly", { cron: "* * * * *", input: "the morning digest" }, T0);
  const first = await scheduler(h.clock, {}, false);
  const second = await scheduler(h.clock, {}, false);
  first.start();
  second.start();
  await settled();
  for (let i = 1; i <= 3; i++) {
    h.set(T0 + i * MINUTE);
    // Both at once: their passes interleave on the database.
    await changed();
  }
  expect(await ranTicks()).toEqual([T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE]);
  const last = (await runtime.schedules.lastTick(s.id))!;
  expect(last).toMatchObject({ at: T0 + 3 * MINUTE, skipped: false });
  const started = (await runtime.events.events(last.runId!))[0] as Extract<RunEvent, { type: "run.started" }>;
  const d = (await runtime.deployments.get("nightly"))!;
  expect(started).toMatchObject({ input: "the morning digest", flowId: d.flowId, flowVersion: d.version });
  expect(started.deployment).toEqual({ name: "nightly", via: "schedule", scheduleId: s.id, tick: T0 + 3 * MINUTE });
});

test("missed while down, run-once: one run for the latest missed tick, the others recorded skipped", async () => {
  const h = handClock(T0);
  const s = await runtime.schedules.create("nightly", { cron: "* * * * *" }, T0);
  const before = await scheduler(h.clock);
  await h.fire();
  await before.stop();
  // Down from 10:01 to 10:07:30: ticks 10:02 … 10:07 fell due while no scheduler ran.
  h.set(T0 + 7.5 * MINUTE);
  await scheduler(h.clock);
  expect(await ranTicks()).toEqual([T0 + MINUTE, T0 + 7 * MINUTE]);
  expect(await runtime.schedules.lastTick(s.id)).toMatchObject({ at: T0 + 7 * MINUTE, skipped: false });
  const rows = await runtime.sql.all("SELECT tick, skipped FROM schedule_ticks WHERE schedule_id = ? ORDER BY tick", [s.id]);
  expect(rows).toEqual([1, 2, 3, 4, 5, 6, 7].map((m) => ({ tick: T0 + m * MINUTE, skipped: m >= 2 && m <= 6 ? 1 : 0 })));
  // And it goes on from there.
  await h.fire();
  expect(await ranTicks()).toEqual([T0 + MINUTE, T0 + 7 * MINUTE, T0 + 8 * MINUTE]);
});

test("missed while down, skip: no run for them, the last tick shows the skip", async () => {
  const h = handClock(T0 + 30 * MINUTE + 5000);
  const s = await runtime.schedules.create("nightly", { cron: "*/10 * * * *", missed: "skip" }, T0);
  await scheduler(h.clock);
  expect(await ranTicks()).toEqual([]);
  expect(await runtime.schedules.lastTick(s.id)).toEqual({ at: T0 + 30 * MINUTE, runId: null, skipped: true });
  await h.fire();
  expect(await ranTicks()).toEqual([T0 + 40 * MINUTE]);
});

test("a tick later than the late limit while running (the machine slept) is missed, not a burst", async () => {
  const h = handClock(T0);
  await runtime.schedules.create("nightly", { cron: "* * * * *" }, T0);
  await scheduler(h.clock);
  // Armed for 10:01, it goes off minutes late: ticks older than the late limit are missed (only
  // the latest of them runs), the later ones were merely late and all run.
  const woke = T0 + LATE_MS + 5 * MINUTE;
  await h.fire(woke);
  const late = Array.from({ length: LATE_MS / MINUTE + 1 }, (_, i) => woke - LATE_MS + i * MINUTE);
  expect(await ranTicks()).toEqual([woke - LATE_MS - MINUTE, ...late]);
});

test("a paused schedule does not fire; resumed, it counts from then, with no burst of the ticks it slept through", async () => {
  const h = handClock(T0);
  const s = await runtime.schedules.create("nightly", { cron: "* * * * *", paused: true }, T0);
  await scheduler(h.clock);
  h.set(T0 + 30 * MINUTE);
  await changed();
  expect(await ranTicks()).toEqual([]);
  await runtime.schedules.update(s.id, { paused: false }, h.clock.now() + 1000);
  await changed();
  expect(await ranTicks()).toEqual([]);
  expect(h.armed()!.at).toBe(T0 + 31 * MINUTE);
  await h.fire();
  expect(await ranTicks()).toEqual([T0 + 31 * MINUTE]);
});

test("a tick claimed by a process that is gone before starting its run is started once by the next scheduler; a live one's is left", async () => {
  const h = handClock(T0 + 90_000);
  const s = await runtime.schedules.create("nightly", { cron: "* * * * *", missed: "skip" }, T0);
  await runtime.schedules.claim(s.id, T0 + MINUTE, { id: "an earlier process", pid: 2_000_000 }, T0 + MINUTE);

  // Processes on the database, as owners.ts sees them: the claimer alive, then gone.
  const among = (live: string[]) => ({ owners: { id: randomUUID(), live: async () => live } });
  await scheduler(h.clock, among(["an earlier process"]));
  expect(await ranTicks()).toEqual([]);
  await schedulers.pop()!.stop();

  // Two at once: one takes the claim over.
  const [a, b] = [await scheduler(h.clock, among([]), false), await scheduler(h.clock, among([]), false)];
  a.start();
  b.start();
  await settled();
  expect(await ranTicks()).toEqual([T0 + MINUTE]);
  expect(await runtime.schedules.lastTick(s.id)).toMatchObject({ at: T0 + MINUTE, skipped: false });
});

test("a deployment deleted, or whose version is gone: the tick records why, and other schedules go on", async () => {
  await deployedFlow(runtime, "broken");
  await deployedFlow(runtime, "gone");
  const h = handClock(T0);
  const ok = await runtime.schedules.create("nightly", { cron: "* * * * *" }, T0);
  const broken = await runtime.schedules.create("broken", { cron: "* * * * *" }, T0);
  const gone = await runtime.schedules.create("gone", { cron: "* * * * *" }, T0);
  await runtime.flows.delete((await runtime.deployments.get("broken"))!.flowId);
  await runtime.deployments.delete("gone");
  await scheduler(h.clock);
  await h.fire();
  expect(await runtime.schedules.lastTick(broken.id)).toMatchObject({ at: T0 + MINUTE, runId: null, error: expect.stringMatching(/version 1 .* no longer exists/) });
  expect(await runtime.schedules.lastTick(gone.id)).toMatchObject({ at: T0 + MINUTE, runId: null, error: 'the deployment "gone" no longer exists' });
  expect((await runtime.schedules.lastTick(ok.id))!.runId).toEqual(expect.any(String));
  // A failed tick is handled: it is not tried again, and the next one is.
  await h.fire();
  expect(await ranTicks()).toEqual([T0 + MINUTE, T0 + 2 * MINUTE]);
  expect((await runtime.schedules.lastTick(broken.id))!.at).toBe(T0 + 2 * MINUTE);
});
