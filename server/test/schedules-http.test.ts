// The schedules API on the real app and a real SQLite file: making, listing, pausing, resuming
// and deleting a deployment's schedules; next times in the schedule's time zone; every bad field
// named in a 422 with nothing stored changed; who may read and who may change them.
import { beforeAll, expect, test } from "vitest";
import { deployedFlow } from "./helpers/deployed-flow.js";
import { user, withPeopleApp } from "./helpers/people-app.js";

const running = withPeopleApp([user("olga", "operator"), user("rita", "legal")]);
const base = "/api/deployments/nightly/schedules";

beforeAll(async () => {
  await deployedFlow(running.app.runtime, "nightly");
  await deployedFlow(running.app.runtime, "other");
});

/** The local "HH:MM" of an epoch-ms time in a time zone. */
const localTime = (t: number, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(t);

test("a schedule is made with its next five times in its time zone, and listed", async () => {
  const api = running.app.as("olga");
  const made = await api.post(base, { cron: "30 9 * * 1-5", timezone: "America/New_York", input: "the daily report" });
  expect(made.status).toBe(201);
  const s = made.body;
  expect(s).toMatchObject({ deployment: "nightly", cron: "30 9 * * 1-5", timezone: "America/New_York", input: "the daily report", missed: "run-once", paused: false, lastTick: null });
  expect(s.next).toHaveLength(5);
  for (const t of s.next) {
    expect(t).toBeGreaterThan(Date.now());
    expect(localTime(t, "America/New_York")).toBe("09:30");
    expect(new Intl.DateTimeFormat("en", { timeZone: "America/New_York", weekday: "short" }).format(t)).not.toMatch(/Sat|Sun/);
  }
  expect([...s.next].sort((a, b) => a - b)).toEqual(s.next);

  const listed = await api.get(base);
  expect(listed.status).toBe(200);
  expect(listed.body.schedules.map((x: { id: string }) => x.id)).toContain(s.id);
  // Another deployment's list does not show it, nor reach it by id.
  expect((await api.get("/api/deployments/other/schedules")).body.schedules).toEqual([]);
  expect((await api.call("PATCH", `/api/deployments/other/schedules/${s.id}`, { paused: true })).status).toBe(404);
});

test("six fields read seconds first; UTC is the default time zone", async () => {
  const made = await running.app.as("olga").post(base, { cron: "15 */10 * * * *" });
  expect(made.status).toBe(201);
  expect(made.body.timezone).toBe("UTC");
  for (const t of made.body.next) {
    const d = new Date(t);
    expect([d.getUTCSeconds(), d.getUTCMinutes() % 10]).toEqual([15, 0]);
  }
});

test("each bad field is a 422 naming it, and nothing is stored", async () => {
  const api = running.app.as("olga");
  const before = (await api.get(base)).body.schedules;
  const cases: [unknown, string, RegExp][] = [
    [{ cron: "61 * * * *" }, "cron", /Invalid value for minute: 61/],
    [{ cron: "every morning" }, "cron", /five, six, or seven space separated parts/],
    [{ cron: "0 0 0 1 1 * 2030" }, "cron", /5 or 6 parts/],
    [{ cron: "0 0 30 2 *" }, "cron", /never fires/],
    [{ cron: "0 9 * * *", timezone: "Mars/Olympus_Mons" }, "timezone", /unknown time zone "Mars\/Olympus_Mons"/],
    [{ cron: "0 9 * * *", input: 42 }, "input", /string/],
    [{ cron: "0 9 * * *", missed: "all" }, "missed", /run-once/],
    [{ cron: "0 9 * * *", every: "day" }, "every", /unknown field/],
  ];
  for (const [body, path, message] of cases) {
    const res = await api.post(base, body);
    expect(res.status, JSON.stringify(body)).toBe(422);
    expect(res.body.error.path).toBe(path);
    expect(res.body.error.message).toMatch(message);
  }
  expect((await api.get(base)).body.schedules).toEqual(before);
});

test("paused shows no next times; a resume counts from now; a bad change leaves it as it was; delete removes it", async () => {
  const api = running.app.as("olga");
  const { body: s } = await api.post(base, { cron: "0 0 * * *", missed: "skip" });
  const patch = (body: unknown) => api.call("PATCH", `${base}/${s.id}`, body);

  const paused = await patch({ paused: true });
  expect(paused.status).toBe(200);
  expect(paused.body).toMatchObject({ paused: true, next: [] });

  const bad = await patch({ cron: "0 25 * * *", paused: false });
  expect(bad.status).toBe(422);
  expect(bad.body.error.path).toBe("cron");
  expect(bad.body.error.message).toMatch(/hour/);
  expect((await api.get(base)).body.schedules.find((x: { id: string }) => x.id === s.id)).toMatchObject({ cron: "0 0 * * *", paused: true });

  const resumed = await patch({ paused: false, timezone: "Asia/Tokyo" });
  expect(resumed.status).toBe(200);
  expect(resumed.body).toMatchObject({ paused: false, timezone: "Asia/Tokyo", missed: "skip" });
  expect(resumed.body.next.map((t: number) => localTime(t, "Asia/Tokyo"))).toEqual(Array(5).fill("00:00"));

  expect((await api.call("DELETE", `${base}/${s.id}`)).status).toBe(204);
  expect((await api.get(base)).body.schedules.some((x: { id: string }) => x.id === s.id)).toBe(false);
  expect((await api.call("DELETE", `${base}/${s.id}`)).status).toBe(404);
});

test("an unknown deployment is a 404; a reviewer may neither read nor change schedules", async () => {
  const api = running.app.as("olga");
  expect((await api.get("/api/deployments/nowhere/schedules")).status).toBe(404);
  expect((await api.post("/api/deployments/nowhere/schedules", { cron: "0 9 * * *" })).status).toBe(404);
  const rita = running.app.as("rita");
  expect((await rita.get(base)).status).toBe(403);
  expect((await rita.post(base, { cron: "0 9 * * *" })).status).toBe(403);
});
