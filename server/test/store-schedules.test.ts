// The schedule store's conformance suite: SQLite and Postgres are held to the same behaviour,
// down to the order of lists, what a tick records, and two schedulers claiming one tick at once.
import { describe, expect, it } from "vitest";
import { createScheduleStore, type Claimer } from "../src/store/schedules.js";
import { sqlBackends } from "./helpers/backends.js";
import { insertRun, twoServers } from "./helpers/store-rows.js";

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);
const me: Claimer = { id: "scheduler-a", pid: 100 };
const other: Claimer = { id: "scheduler-b", pid: 200 };

describe.each(sqlBackends)("schedules on $name", (backend) => {
  const open = async () => {
    const sql = await backend.open();
    return { sql, schedules: createScheduleStore(sql) };
  };

  it("creates a schedule with the defaults, and lists a deployment's oldest first", async () => {
    const { schedules } = await open();
    const s = await schedules.create("nightly", { cron: "0 9 * * *" }, T0);
    expect(s).toEqual({ id: expect.any(String), deployment: "nightly", cron: "0 9 * * *", timezone: "UTC", input: "", missed: "run-once", paused: false, since: T0, createdAt: T0 });
    expect(await schedules.get(s.id)).toEqual(s);
    expect(await schedules.get("no-such-schedule")).toBeUndefined();
    const later = await schedules.create("nightly", { cron: "* * * * *", timezone: "Europe/Paris", input: "digest", missed: "skip", paused: true }, T0 + 1);
    const earlier = await schedules.create("nightly", { cron: "* * * * *" }, T0 - 1);
    await schedules.create("weekly", { cron: "* * * * *" }, T0);
    expect((await schedules.list("nightly")).map((x) => x.id)).toEqual([earlier.id, s.id, later.id]);
    expect(await schedules.get(later.id)).toMatchObject({ timezone: "Europe/Paris", input: "digest", missed: "skip", paused: true });
    expect(await schedules.list("nothing")).toEqual([]);
  });

  it("lists the active ones, across deployments, oldest first", async () => {
    const { schedules } = await open();
    const b = await schedules.create("weekly", { cron: "* * * * *" }, T0 + 1);
    await schedules.create("nightly", { cron: "* * * * *", paused: true }, T0);
    const a = await schedules.create("nightly", { cron: "* * * * *" }, T0);
    expect((await schedules.active()).map((s) => s.id)).toEqual([a.id, b.id]);
  });

  it("changes what is given; a new cron, time zone or a resume counts from then, nothing else does", async () => {
    const { schedules } = await open();
    const s = await schedules.create("nightly", { cron: "* * * * *" }, T0);
    expect(await schedules.update(s.id, { input: "new input", missed: "skip" }, T0 + 1)).toMatchObject({ input: "new input", missed: "skip", since: T0 });
    expect(await schedules.update(s.id, { cron: "*/5 * * * *" }, T0 + 2)).toMatchObject({ cron: "*/5 * * * *", since: T0 + 2 });
    expect(await schedules.update(s.id, { timezone: "Asia/Tokyo" }, T0 + 3)).toMatchObject({ timezone: "Asia/Tokyo", since: T0 + 3 });
    expect(await schedules.update(s.id, { paused: true }, T0 + 4)).toMatchObject({ paused: true, since: T0 + 3 });
    expect(await schedules.update(s.id, { paused: false }, T0 + 5)).toMatchObject({ paused: false, since: T0 + 5 });
    expect(await schedules.update(s.id, { cron: "*/5 * * * *", timezone: "Asia/Tokyo" }, T0 + 6)).toMatchObject({ since: T0 + 5 });
    expect(await schedules.update("no-such-schedule", { paused: true }, T0)).toBeUndefined();
  });

  it("claims a tick once; records its run, its error, or skips, and shows the latest", async () => {
    const { schedules } = await open();
    const s = await schedules.create("nightly", { cron: "* * * * *" }, T0);
    expect(await schedules.lastTick(s.id)).toBeNull();
    expect(await schedules.claim(s.id, T0 + MINUTE, me, T0 + MINUTE)).toBe(true);
    expect(await schedules.claim(s.id, T0 + MINUTE, other, T0 + MINUTE)).toBe(false);
    expect(await schedules.lastTick(s.id)).toEqual({ at: T0 + MINUTE, runId: null, skipped: false });
    await schedules.started(s.id, T0 + MINUTE, async () => "run-1");
    expect(await schedules.lastTick(s.id)).toEqual({ at: T0 + MINUTE, runId: "run-1", skipped: false });

    await schedules.claim(s.id, T0 + 2 * MINUTE, me, T0 + 2 * MINUTE);
    await schedules.failed(s.id, T0 + 2 * MINUTE, "the deployment is gone");
    expect(await schedules.lastTick(s.id)).toEqual({ at: T0 + 2 * MINUTE, runId: null, skipped: false, error: "the deployment is gone" });

    // Skipped around a claim: the claim stays as it is.
    await schedules.claim(s.id, T0 + 4 * MINUTE, other, T0 + 4 * MINUTE);
    await schedules.skip(s.id, [T0 + 5 * MINUTE, T0 + 4 * MINUTE, T0 + 3 * MINUTE], me, T0 + 6 * MINUTE);
    expect(await schedules.lastTick(s.id)).toEqual({ at: T0 + 5 * MINUTE, runId: null, skipped: true });
    expect(await schedules.claim(s.id, T0 + 3 * MINUTE, me, T0)).toBe(false);
    expect(await schedules.unstarted()).toEqual([{ scheduleId: s.id, tick: T0 + 4 * MINUTE, claimedBy: other.id, pid: other.pid }]);
  });

  it("skips a thousand ticks at once", async () => {
    const { schedules } = await open();
    const s = await schedules.create("nightly", { cron: "* * * * *" }, T0);
    await schedules.skip(s.id, Array.from({ length: 1000 }, (_, i) => T0 + i * MINUTE), me, T0);
    expect(await schedules.lastTick(s.id)).toEqual({ at: T0 + 999 * MINUTE, runId: null, skipped: true });
    expect(await schedules.claim(s.id, T0 + 500 * MINUTE, me, T0)).toBe(false);
  });

  it("starts a tick's run and records it in one transaction: a start that fails leaves neither", async () => {
    const { sql, schedules } = await open();
    const s = await schedules.create("nightly", { cron: "* * * * *" }, T0);
    await schedules.claim(s.id, T0 + MINUTE, me, T0);
    const failing = schedules.started(s.id, T0 + MINUTE, async () => {
      await insertRun(sql, { id: "half-started", startedAt: T0 });
      throw new Error("the model registry is gone");
    });
    await expect(failing).rejects.toThrow("the model registry is gone");
    expect(await sql.get("SELECT id FROM runs WHERE id = ?", ["half-started"])).toBeUndefined();
    expect(await schedules.unstarted()).toEqual([{ scheduleId: s.id, tick: T0 + MINUTE, claimedBy: me.id, pid: me.pid }]);

    await schedules.started(s.id, T0 + MINUTE, async () => {
      await insertRun(sql, { id: "started", startedAt: T0 });
      return "started";
    });
    expect(await sql.get("SELECT id FROM runs WHERE id = ?", ["started"])).toEqual({ id: "started" });
    expect(await schedules.unstarted()).toEqual([]);
  });

  it("hands an unstarted claim over once, and only from the claimer it names", async () => {
    const { schedules } = await open();
    const s = await schedules.create("nightly", { cron: "* * * * *" }, T0);
    await schedules.claim(s.id, T0 + MINUTE, other, T0);
    const [claim] = await schedules.unstarted();
    expect(await schedules.takeOver(claim!, me)).toBe(true);
    expect(await schedules.takeOver(claim!, { id: "scheduler-c", pid: 300 })).toBe(false);
    expect(await schedules.unstarted()).toEqual([{ ...claim, claimedBy: me.id, pid: me.pid }]);
    await schedules.started(s.id, T0 + MINUTE, async () => "run-1");
    expect(await schedules.takeOver({ ...claim!, claimedBy: me.id }, other)).toBe(false);
  });

  it("deletes a schedule with its ticks, once", async () => {
    const { schedules } = await open();
    const s = await schedules.create("nightly", { cron: "* * * * *" }, T0);
    await schedules.claim(s.id, T0 + MINUTE, me, T0);
    expect(await schedules.delete(s.id)).toBe(true);
    expect(await schedules.get(s.id)).toBeUndefined();
    expect(await schedules.lastTick(s.id)).toBeNull();
    expect(await schedules.unstarted()).toEqual([]);
    expect(await schedules.delete(s.id)).toBe(false);
  });

  it("two schedulers claiming one tick at once: one wins; two taking over one claim: one wins", async () => {
    const servers = await twoServers(backend);
    try {
      const [a, b] = [createScheduleStore(servers.a), createScheduleStore(servers.b)];
      const s = await a.create("nightly", { cron: "* * * * *" }, T0);
      for (let m = 1; m <= 5; m++) {
        const won = await Promise.all([a.claim(s.id, T0 + m * MINUTE, me, T0), b.claim(s.id, T0 + m * MINUTE, other, T0)]);
        expect(won.filter(Boolean)).toHaveLength(1);
      }
      const claims = await a.unstarted();
      expect(claims).toHaveLength(5);
      for (const claim of claims) {
        const took = await Promise.all([a.takeOver(claim, { id: "c", pid: 1 }), b.takeOver(claim, { id: "d", pid: 2 })]);
        expect(took.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await servers.close();
    }
  });
});
