// Schedules, over SQL (SQLite or Postgres), and every tick they handled. A tick is claimed by
// inserting its row before its run starts: the primary key refuses a second claim, from this
// process or another on the same database, so a tick never runs twice. The run is started and its id written in one
// transaction after the claim; a row with neither a run, a skip nor an error is a claim whose
// process died before its run started.
import { randomUUID } from "node:crypto";
import type { Schedule, ScheduleRequest } from "@tandem/shared";
import type { Sql } from "./sql/types.js";

/** A schedule as stored: the API's Schedule without what is computed (next times, last tick). */
export type StoredSchedule = Omit<Schedule, "next" | "lastTick"> & {
  /** Ticks at or before this time are not this schedule's: set when it is made, resumed or re-timed. */
  since: number;
};

/** A tick claimed by a process (`claimedBy`, `pid`) that has not started its run. */
export interface UnstartedTick {
  scheduleId: string;
  tick: number;
  claimedBy: string;
  pid: number;
}

/** Who claims: a scheduler's own id, and its process. */
export interface Claimer {
  id: string;
  pid: number;
}

export interface ScheduleStore {
  /** Oldest first. */
  list(deployment: string): Promise<StoredSchedule[]>;
  /** Every schedule that is not paused, oldest first. */
  active(): Promise<StoredSchedule[]>;
  get(id: string): Promise<StoredSchedule | undefined>;
  create(deployment: string, req: ScheduleRequest, now: number): Promise<StoredSchedule>;
  /** Changes what is given; a new cron, time zone or a resume starts counting from `now` (no burst of old ticks). */
  update(id: string, req: Partial<ScheduleRequest>, now: number): Promise<StoredSchedule | undefined>;
  /** The schedule and its ticks (the runs stay). */
  delete(id: string): Promise<boolean>;
  lastTick(id: string): Promise<Schedule["lastTick"]>;
  /** Inserts the tick's row: false when it was claimed already. */
  claim(scheduleId: string, tick: number, by: Claimer, now: number): Promise<boolean>;
  /** Starts the claimed tick's run and writes its id in one transaction: after a crash the tick has both or neither. */
  started(scheduleId: string, tick: number, start: () => Promise<string>): Promise<void>;
  failed(scheduleId: string, tick: number, error: string): Promise<void>;
  /** Records ticks as skipped, leaving any already claimed as they are. */
  skip(scheduleId: string, ticks: readonly number[], by: Claimer, now: number): Promise<void>;
  /** Claims whose run was never started, by any process. */
  unstarted(): Promise<UnstartedTick[]>;
  /** Takes over another claimer's unstarted tick: false when someone else took it first. */
  takeOver(t: UnstartedTick, by: Claimer): Promise<boolean>;
}

type Row = Omit<StoredSchedule, "paused"> & { paused: number };

const toSchedule = ({ paused, ...r }: Row): StoredSchedule => ({ ...r, paused: paused === 1 });

const SELECT = 'SELECT id, deployment, cron, timezone, input, missed, paused, since, created_at AS "createdAt" FROM schedules';
const UNSTARTED = "run_id IS NULL AND skipped = 0 AND error IS NULL";
// The primary key (schedule, tick) refuses a second claim: the insert changes nothing.
const insertTicks = (n: number) =>
  `INSERT INTO schedule_ticks (schedule_id, tick, skipped, claimed_by, pid, at) VALUES ${Array.from({ length: n }, () => "(?, ?, ?, ?, ?, ?)").join(", ")}
  ON CONFLICT (schedule_id, tick) DO NOTHING`;
// Skipped ticks go in this many to a statement: one round trip for a batch, well under SQLite's limit on parameters.
const TICKS_PER_INSERT = 100;

/** The lock a schedule's changes take: of two servers changing it at once, one reads what the other wrote. */
const changing = (id: string) => `tandem:schedule:${id}`;

export function createScheduleStore(sql: Sql): ScheduleStore {
  const get = async (id: string) => {
    const r = await sql.get<Row>(`${SELECT} WHERE id = ?`, [id]);
    return r && toSchedule(r);
  };
  const setTick = async (column: "run_id" | "error", value: string, scheduleId: string, tick: number) => {
    await sql.run(`UPDATE schedule_ticks SET ${column} = ? WHERE schedule_id = ? AND tick = ?`, [value, scheduleId, tick]);
  };

  return {
    list: async (deployment) => (await sql.all<Row>(`${SELECT} WHERE deployment = ? ORDER BY created_at, id`, [deployment])).map(toSchedule),
    active: async () => (await sql.all<Row>(`${SELECT} WHERE paused = 0 ORDER BY created_at, id`)).map(toSchedule),
    get,
    async create(deployment, req, now) {
      const s: StoredSchedule = {
        id: randomUUID(),
        deployment,
        cron: req.cron,
        timezone: req.timezone ?? "UTC",
        input: req.input ?? "",
        missed: req.missed ?? "run-once",
        paused: req.paused ?? false,
        since: now,
        createdAt: now,
      };
      await sql.run("INSERT INTO schedules (id, deployment, cron, timezone, input, missed, paused, since, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        s.id, s.deployment, s.cron, s.timezone, s.input, s.missed, s.paused ? 1 : 0, s.since, s.createdAt,
      ]);
      return s;
    },
    update: (id, req, now) =>
      sql.tx(
        async () => {
          const current = await get(id);
          if (!current) return undefined;
          const next = { ...current, ...req };
          const retimed = next.cron !== current.cron || next.timezone !== current.timezone || (current.paused && !next.paused);
          await sql.run("UPDATE schedules SET cron = ?, timezone = ?, input = ?, missed = ?, paused = ?, since = ? WHERE id = ?", [
            next.cron, next.timezone, next.input, next.missed, next.paused ? 1 : 0, retimed ? now : current.since, id,
          ]);
          return get(id);
        },
        { lock: changing(id) },
      ),
    delete: (id) =>
      sql.tx(async () => {
        await sql.run("DELETE FROM schedule_ticks WHERE schedule_id = ?", [id]);
        return (await sql.run("DELETE FROM schedules WHERE id = ?", [id])).changes > 0;
      }),
    async lastTick(id) {
      const r = await sql.get<{ tick: number; run_id: string | null; skipped: number; error: string | null }>(
        "SELECT tick, run_id, skipped, error FROM schedule_ticks WHERE schedule_id = ? ORDER BY tick DESC LIMIT 1",
        [id],
      );
      if (!r) return null;
      return { at: r.tick, runId: r.run_id, skipped: r.skipped === 1, ...(r.error !== null && { error: r.error }) };
    },
    claim: async (scheduleId, tick, by, now) => (await sql.run(insertTicks(1), [scheduleId, tick, 0, by.id, by.pid, now])).changes === 1,
    // The run's start writes too (its claim, its first events): they go in the same transaction.
    started: (scheduleId, tick, start) => sql.tx(async () => setTick("run_id", await start(), scheduleId, tick)),
    failed: (scheduleId, tick, error) => setTick("error", error, scheduleId, tick),
    skip: (scheduleId, ticks, by, now) =>
      sql.tx(async () => {
        for (let i = 0; i < ticks.length; i += TICKS_PER_INSERT) {
          const chunk = ticks.slice(i, i + TICKS_PER_INSERT);
          await sql.run(insertTicks(chunk.length), chunk.flatMap((t) => [scheduleId, t, 1, by.id, by.pid, now]));
        }
      }),
    unstarted: () => sql.all<UnstartedTick>(`SELECT schedule_id AS "scheduleId", tick, claimed_by AS "claimedBy", pid FROM schedule_ticks WHERE ${UNSTARTED}`),
    takeOver: async (t, by) =>
      (await sql.run(`UPDATE schedule_ticks SET claimed_by = ?, pid = ? WHERE schedule_id = ? AND tick = ? AND claimed_by = ? AND ${UNSTARTED}`, [
        by.id, by.pid, t.scheduleId, t.tick, t.claimedBy,
      ])).changes === 1,
  };
}
