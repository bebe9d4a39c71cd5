// Schedules in SQLite, and every tick they handled. A tick is claimed by inserting its row before
// its run starts: the primary key refuses a second claim, from this process or another on the
// same database, so a tick never runs twice. The run is started and its id written in one
// transaction after the claim; a row with neither a run, a skip nor an error is a claim whose
// process died before its run started.
import { randomUUID } from "node:crypto";
import type { Schedule, ScheduleRequest } from "@tandem/shared";
import type { Db } from "./db.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS schedules (
  id TEXT PRIMARY KEY,
  deployment TEXT NOT NULL,
  cron TEXT NOT NULL,
  timezone TEXT NOT NULL,
  input TEXT NOT NULL,
  missed TEXT NOT NULL,
  paused INTEGER NOT NULL,
  since INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS schedules_by_deployment ON schedules (deployment, created_at);
CREATE TABLE IF NOT EXISTS schedule_ticks (
  schedule_id TEXT NOT NULL,
  tick INTEGER NOT NULL,
  run_id TEXT,
  skipped INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  claimed_by TEXT NOT NULL,
  pid INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (schedule_id, tick)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS schedule_ticks_unstarted ON schedule_ticks (schedule_id) WHERE run_id IS NULL AND skipped = 0 AND error IS NULL;
`;

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
  list(deployment: string): StoredSchedule[];
  /** Every schedule that is not paused. */
  active(): StoredSchedule[];
  get(id: string): StoredSchedule | undefined;
  create(deployment: string, req: ScheduleRequest, now: number): StoredSchedule;
  /** Changes what is given; a new cron, time zone or a resume starts counting from `now` (no burst of old ticks). */
  update(id: string, req: Partial<ScheduleRequest>, now: number): StoredSchedule | undefined;
  /** The schedule and its ticks (the runs stay). */
  delete(id: string): boolean;
  lastTick(id: string): Schedule["lastTick"];
  /** Inserts the tick's row: false when it was claimed already. */
  claim(scheduleId: string, tick: number, by: Claimer, now: number): boolean;
  /** Starts the claimed tick's run and writes its id in one transaction: after a crash the tick has both or neither. */
  started(scheduleId: string, tick: number, start: () => string): void;
  failed(scheduleId: string, tick: number, error: string): void;
  /** Records ticks as skipped, leaving any already claimed as they are. */
  skip(scheduleId: string, ticks: readonly number[], by: Claimer, now: number): void;
  /** Claims whose run was never started, by any process. */
  unstarted(): UnstartedTick[];
  /** Takes over another claimer's unstarted tick: false when someone else took it first. */
  takeOver(t: UnstartedTick, by: Claimer): boolean;
}

type Row = Omit<StoredSchedule, "paused"> & { paused: number };

const toSchedule = ({ paused, ...r }: Row): StoredSchedule => ({ ...r, paused: paused === 1 });

export function createScheduleStore(db: Db): ScheduleStore {
  db.exec(SCHEMA);
  const columns = "id, deployment, cron, timezone, input, missed, paused, since, created_at AS createdAt";
  const selectByDeployment = db.prepare<[string], Row>(`SELECT ${columns} FROM schedules WHERE deployment = ? ORDER BY created_at, id`);
  const selectActive = db.prepare<[], Row>(`SELECT ${columns} FROM schedules WHERE paused = 0`);
  const selectOne = db.prepare<[string], Row>(`SELECT ${columns} FROM schedules WHERE id = ?`);
  const insert = db.prepare(`INSERT INTO schedules (id, deployment, cron, timezone, input, missed, paused, since, created_at)
    VALUES (@id, @deployment, @cron, @timezone, @input, @missed, @paused, @since, @since)`);
  const updateRow = db.prepare("UPDATE schedules SET cron = @cron, timezone = @timezone, input = @input, missed = @missed, paused = @paused, since = @since WHERE id = @id");
  const deleteRow = db.prepare("DELETE FROM schedules WHERE id = ?");
  const deleteTicks = db.prepare("DELETE FROM schedule_ticks WHERE schedule_id = ?");
  const selectLast = db.prepare<[string], { tick: number; run_id: string | null; skipped: number; error: string | null }>(
    "SELECT tick, run_id, skipped, error FROM schedule_ticks WHERE schedule_id = ? ORDER BY tick DESC LIMIT 1",
  );
  const insertTick = db.prepare("INSERT INTO schedule_ticks (schedule_id, tick, skipped, claimed_by, pid, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  const setRun = db.prepare("UPDATE schedule_ticks SET run_id = ? WHERE schedule_id = ? AND tick = ?");
  const setError = db.prepare("UPDATE schedule_ticks SET error = ? WHERE schedule_id = ? AND tick = ?");
  const selectUnstarted = db.prepare<[], UnstartedTick>(
    "SELECT schedule_id AS scheduleId, tick, claimed_by AS claimedBy, pid FROM schedule_ticks WHERE run_id IS NULL AND skipped = 0 AND error IS NULL",
  );
  const reclaim = db.prepare(`UPDATE schedule_ticks SET claimed_by = ?, pid = ?
    WHERE schedule_id = ? AND tick = ? AND claimed_by = ? AND run_id IS NULL AND skipped = 0 AND error IS NULL`);

  const get = (id: string) => {
    const r = selectOne.get(id);
    return r && toSchedule(r);
  };
  // Named parameters: the fields it has beyond the columns are not bound.
  const row = (s: StoredSchedule) => ({ ...s, paused: s.paused ? 1 : 0 });
  const update = db.transaction((id: string, req: Partial<ScheduleRequest>, now: number) => {
    const current = get(id);
    if (!current) return undefined;
    const next = { ...current, ...req };
    const retimed = next.cron !== current.cron || next.timezone !== current.timezone || (current.paused && !next.paused);
    updateRow.run(row({ ...next, since: retimed ? now : current.since }));
    return get(id);
  });
  const remove = db.transaction((id: string) => {
    deleteTicks.run(id);
    return deleteRow.run(id).changes > 0;
  });
  const start = db.transaction((scheduleId: string, tick: number, run: () => string) => void setRun.run(run(), scheduleId, tick));
  const skip = db.transaction((scheduleId: string, ticks: readonly number[], by: Claimer, now: number) => {
    for (const t of ticks) insertTick.run(scheduleId, t, 1, by.id, by.pid, now);
  });

  return {
    list: (deployment) => selectByDeployment.all(deployment).map(toSchedule),
    active: () => selectActive.all().map(toSchedule),
    get,
    create: (deployment, req, now) => {
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
      insert.run(row(s));
      return s;
    },
    update,
    delete: remove,
    lastTick: (id) => {
      const r = selectLast.get(id);
      if (!r) return null;
      return { at: r.tick, runId: r.run_id, skipped: r.skipped === 1, ...(r.error !== null && { error: r.error }) };
    },
    claim: (scheduleId, tick, by, now) => insertTick.run(scheduleId, tick, 0, by.id, by.pid, now).changes === 1,
    // Immediate: the start writes (the run's claim, its first event), so take the write lock at once.
    started: (scheduleId, tick, run) => start.immediate(scheduleId, tick, run),
    failed: (scheduleId, tick, error) => void setError.run(error, scheduleId, tick),
    skip,
    unstarted: () => selectUnstarted.all(),
    takeOver: (t, by) => reclaim.run(by.id, by.pid, t.scheduleId, t.tick, t.claimedBy).changes === 1,
  };
}
