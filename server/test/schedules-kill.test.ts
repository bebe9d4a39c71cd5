// A schedule across kill -9: a real `tandem serve` fires an every-second schedule, is killed
// with -9 at a random moment after a few ticks, and is started again on the same data, more
// than once. Then every second from the first tick to the last has exactly one row: a run
// (exactly one run carries that tick) or a skip; skips lie only where no server ran, and the
// latest tick of each such gap ran once (run-once). No claim is left without its run.
//
// SCHEDULE_KILLS=<n> kills more often; SCHEDULE_SEED=<n> repeats an earlier test's random moments.
import type { RunEvent } from "@tandem/shared";
import { afterAll, expect, test } from "vitest";
import { createDeploymentStore } from "../src/store/deployments.js";
import { createFlowStore } from "../src/store/flows.js";
import { openSql } from "../src/store/open.js";
import { cleanupCli, tempDir } from "./helpers/cli.js";
import { deployedFlow } from "./helpers/deployed-flow.js";
import { client, eventually, sleep } from "./helpers/runs-api.js";
import { seeded } from "./helpers/seeded.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const KILLS = Number(process.env.SCHEDULE_KILLS ?? 3);
const SEED = Number(process.env.SCHEDULE_SEED ?? Date.now() % 1_000_000);
const random = seeded(SEED);
/** Ticks with runs a server gets to fire before it is killed (at least), and after the last start. */
const TICKS_BETWEEN = 3;
const START_MS = 120_000;
/** How late a busy server may fire a tick: one due this long before a kill may not have fired yet. */
const LAG_MS = 2000;

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  await cleanupCli();
});

async function serve(dataDir: string) {
  const server = await startServerProcess({ dataDir, env: { TANDEM_SCRIPTED_DELAY_MS: "0" }, timeoutMs: START_MS });
  servers.push(server);
  return { server, api: client(server.url) };
}

type Api = ReturnType<typeof client>;

/** Each run of the deployment with the tick it was started for. */
async function scheduledRuns(api: Api): Promise<{ id: string; tick: number }[]> {
  const list = await api.get("/api/runs?deployment=ticker&limit=500");
  expect(list.status).toBe(200);
  return Promise.all(
    list.body.runs.map(async (r: { id: string }) => {
      const started = (await api.run(r.id)).events[0] as Extract<RunEvent, { type: "run.started" }>;
      return { id: r.id, tick: started.deployment!.tick! };
    }),
  );
}

/** Waits until `count` more runs of the deployment have started than `before`. */
const moreRuns = (api: Api, before: number, count: number) =>
  eventually(
    async () => {
      const { body } = await api.get("/api/runs?deployment=ticker&limit=1");
      return body.total >= before + count && (body.total as number);
    },
    60_000,
    `${count} more scheduled runs`,
  );

test(
  `an every-second schedule across ${KILLS} kill -9: no tick lost or doubled (seed ${SEED})`,
  async () => {
    const dataDir = tempDir("tandem-schedule-kill-");
    const { sql } = await openSql(dataDir);
    await deployedFlow({ flows: createFlowStore(sql), deployments: createDeploymentStore(sql) }, "ticker");
    await sql.close();

    let { server, api } = await serve(dataDir);
    const made = await api.post("/api/deployments/ticker/schedules", { cron: "* * * * * *", input: "tick", missed: "run-once" });
    expect(made.status).toBe(201);
    const scheduleId = made.body.id as string;

    /** When each server was killed, and when the next one said it was serving. */
    const downtimes: { killedAt: number; upAt: number }[] = [];
    let total = 0;
    for (let k = 0; k < KILLS; k++) {
      total = await moreRuns(api, total, TICKS_BETWEEN);
      // A random moment within the next tick or two: between ticks, during a claim, during a start.
      await sleep(Math.floor(random() * 1500));
      await server.kill9();
      const killedAt = Date.now();
      ({ server, api } = await serve(dataDir));
      downtimes.push({ killedAt, upAt: Date.now() });
    }
    total = await moreRuns(api, total, TICKS_BETWEEN);

    // Paused, it fires no more: what is read next stays true.
    expect((await api.call("PATCH", `/api/deployments/ticker/schedules/${scheduleId}`, { paused: true })).status).toBe(200);
    const runs = await scheduledRuns(api);
    const check = (await openSql(dataDir)).sql;
    const rows = await check.all<{ tick: number; runId: string | null; skipped: number; error: string | null }>(
      'SELECT tick, run_id AS "runId", skipped, error FROM schedule_ticks WHERE schedule_id = ? ORDER BY tick',
      [scheduleId],
    );
    await check.close();

    // Contiguous: one row for every second from the first tick to the last.
    expect(rows.length).toBeGreaterThan(KILLS * TICKS_BETWEEN);
    const gaps = rows.slice(1).map((r, i) => r.tick - rows[i]!.tick);
    expect(new Set(gaps)).toEqual(new Set([1000]));
    // Every row is handled: a run or a skip, never a claim left without its run, never an error.
    expect(rows.filter((r) => (r.runId === null) === (r.skipped === 0) || r.error !== null)).toEqual([]);

    // Not doubled: one run per tick, and it is the run its row names.
    const byTick = new Map<number, string[]>();
    for (const r of runs) byTick.set(r.tick, [...(byTick.get(r.tick) ?? []), r.id]);
    expect([...byTick.values()].filter((ids) => ids.length > 1)).toEqual([]);
    expect(rows.filter((r) => r.runId !== null).map((r) => [r.tick, r.runId])).toEqual([...byTick.entries()].sort((a, b) => a[0] - b[0]).map(([t, [id]]) => [t, id]));

    // Skips only where no server ran (or one ran but had not yet fired the tick before the kill),
    // and each stretch of them ends with the latest missed tick, which the next server ran once
    // (run-once): its log names the tick it ran for the ticks that fell due while none ran.
    const ranMissed = servers.flatMap((sv) =>
      sv.logs().split("\n").filter((l) => l.includes("ticks fell due while no scheduler ran")).map((l) => JSON.parse(l).ran as number),
    );
    for (const [i, r] of rows.entries()) {
      if (r.skipped === 0) continue;
      expect(downtimes.some((d) => r.tick > d.killedAt - LAG_MS && r.tick < d.upAt), `tick ${r.tick} skipped while a server ran`).toBe(true);
      if (rows[i + 1]!.skipped === 1) continue;
      expect(rows[i + 1]!.runId, `the latest missed tick ${rows[i + 1]!.tick} ran`).toEqual(expect.any(String));
      expect(ranMissed).toContain(rows[i + 1]!.tick);
    }

    // The API shows the last tick as its row says.
    const listed = (await api.get("/api/deployments/ticker/schedules")).body.schedules[0];
    const last = rows.at(-1)!;
    expect(listed.lastTick).toEqual({ at: last.tick, runId: last.runId, skipped: false });
    console.log(
      `schedule across kill -9 (seed ${SEED}): ${rows.length} ticks, ${runs.length} runs, ${rows.filter((r) => r.skipped).length} skipped while down, ` +
        `downtimes ${downtimes.map((d) => d.upAt - d.killedAt).join(", ")} ms`,
    );
  },
  (KILLS + 1) * (START_MS + 60_000),
);
