// Fires schedules: one timer, armed for the next due tick across every schedule (never a busy
// loop). Each tick is claimed in the store before its run starts, so it runs once however many
// processes share the database; a claim whose process is gone (see owners.ts: on any host)
// before starting its run is started by whoever comes next. Ticks that fell due while no scheduler ran follow the schedule's
// `missed` setting: "run-once" runs the latest and skips the rest, "skip" skips them all.
import type { Deployment, DeploymentOrigin } from "@tandem/shared";
import type { Logger } from "pino";
import { DEFAULT_MAX_TIMER_MS } from "../engine/deps.js";
import type { DeploymentStore } from "../store/deployments.js";
import type { RunOwners } from "../store/owners.js";
import type { Claimer, ScheduleStore, StoredSchedule } from "../store/schedules.js";
import { readCron } from "./cron.js";

/** A tick later than this while the scheduler ran (the machine slept, the loop was stuck) counts as missed. */
export const LATE_MS = 60_000;
/** The most missed ticks of one schedule recorded as skipped at once; older ones are left unrecorded. */
export const MAX_RECORDED_MISSES = 1000;
/** After the store could not be read (busy, or Postgres unreachable), try again this soon. */
const RETRY_MS = 1000;

/** Time and timers: the system's, or a test's hand-moved clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: Date.now,
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SchedulerDeps {
  schedules: ScheduleStore;
  deployments: Pick<DeploymentStore, "get">;
  /** Starts a run of the deployment's pinned version (deploy/start.ts). */
  startRun(d: Deployment, input: string, how: Omit<DeploymentOrigin, "name">): Promise<{ id: string }>;
  clock?: Clock;
  /** Longest single timer (default the engine's): it wakes, re-reads the clock and re-arms. */
  maxTimerMs?: number;
  /** This process among the database's (its id claims ticks), and which processes are alive. */
  owners: Pick<RunOwners, "id" | "live">;
}

type Log = Pick<Logger, "info" | "warn">;

export class Scheduler {
  private readonly clock: Clock;
  private readonly maxTimerMs: number;
  private readonly me: Claimer;
  private log: Log | undefined;
  /** When this scheduler began: ticks before it fell due while none ran here. Undefined while stopped. */
  private startedAt: number | undefined;
  private timer: unknown;
  /** The pass over the schedules under way, if one is: passes never overlap. */
  private pass: Promise<void> | undefined;
  /** Woken during a pass: another follows it, as what is due may have moved. */
  private again = false;

  constructor(private readonly deps: SchedulerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.maxTimerMs = deps.maxTimerMs ?? DEFAULT_MAX_TIMER_MS;
    this.me = { id: deps.owners.id, pid: process.pid };
  }

  start(log?: Log): void {
    if (this.startedAt !== undefined) return;
    this.log = log;
    this.startedAt = this.clock.now();
    this.wake();
  }

  /** Stops arming its timer; resolves once the pass under way (if any) has ended. */
  async stop(): Promise<void> {
    this.clock.clearTimeout(this.timer);
    this.startedAt = undefined;
    await this.settled();
  }

  /** A schedule was made, changed or deleted: what is due next may have moved. */
  changed(): void {
    if (this.startedAt !== undefined) this.wake();
  }

  /** Resolves when no pass is under way: what was due when it was woken has been handled. */
  async settled(): Promise<void> {
    while (this.pass) await this.pass;
  }

  private wake(): void {
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.passes().finally(() => {
      this.pass = undefined;
      // Woken between the last pass's end and now.
      if (this.again) this.wake();
    });
  }

  private async passes(): Promise<void> {
    do {
      this.again = false;
      this.clock.clearTimeout(this.timer);
      const startedAt = this.startedAt;
      if (startedAt === undefined) return;
      let next: number;
      try {
        next = await this.runDue(startedAt);
      } catch (err) {
        this.log?.warn({ err: (err as Error).message }, "schedules could not be read: trying again");
        next = this.clock.now() + RETRY_MS;
      }
      // Stopped meanwhile: no timer.
      if (this.startedAt === undefined) return;
      const delay = Math.min(Math.max(0, next - this.clock.now()), this.maxTimerMs);
      this.timer = this.clock.setTimeout(() => this.wake(), delay);
    } while (this.again);
  }

  /** Handles every tick due by now; returns when the next one falls due (at most a max timer away). */
  private async runDue(startedAt: number): Promise<number> {
    const now = this.clock.now();
    await this.startUnstarted();
    let next = now + this.maxTimerMs;
    for (const s of await this.deps.schedules.active()) {
      try {
        next = Math.min(next, await this.fire(s, now, startedAt));
      } catch (err) {
        this.log?.warn({ scheduleId: s.id, err: (err as Error).message }, "a schedule could not be fired: it is left as it is");
      }
    }
    return next;
  }

  /** Fires what of `s` is due at `now`; returns its next tick after now. */
  private async fire(s: StoredSchedule, now: number, startedAt: number): Promise<number> {
    const times = readCron(s.cron, s.timezone);
    const from = Math.max(s.since, (await this.deps.schedules.lastTick(s.id))?.at ?? -Infinity);
    // Ticks before this boundary were missed: no scheduler ran, or none could fire them in time.
    const boundary = Math.max(startedAt, now - LATE_MS);
    const [first] = times.next(from, 1);
    if (first !== undefined && first < boundary) await this.missed(s, times.previous(boundary, MAX_RECORDED_MISSES).filter((t) => t > from));
    let cursor = Math.max(from, boundary - 1);
    for (let [t] = times.next(cursor, 1); t !== undefined && t <= now; [t] = times.next(cursor, 1)) {
      if (await this.deps.schedules.claim(s.id, t, this.me, now)) await this.launch(s, t);
      cursor = t;
    }
    return times.next(now, 1)[0] ?? now + this.maxTimerMs;
  }

  /** `missed` newest first. */
  private async missed(s: StoredSchedule, missed: number[]): Promise<void> {
    const [latest, ...older] = missed;
    const skipped = s.missed === "run-once" ? older : missed;
    await this.deps.schedules.skip(s.id, skipped, this.me, this.clock.now());
    const runs = s.missed === "run-once" && (await this.deps.schedules.claim(s.id, latest!, this.me, this.clock.now()));
    if (runs) await this.launch(s, latest!);
    this.log?.info(
      { scheduleId: s.id, deployment: s.deployment, missed: missed.length, skipped: skipped.length, ran: runs ? latest : null, more: missed.length === MAX_RECORDED_MISSES },
      "ticks fell due while no scheduler ran",
    );
  }

  /** Ticks another process claimed and died before starting: started now, once. */
  private async startUnstarted(): Promise<void> {
    const ticks = await this.deps.schedules.unstarted();
    const live = new Set(ticks.length > 0 ? await this.deps.owners.live() : []);
    for (const t of ticks) {
      if (t.claimedBy === this.me.id || live.has(t.claimedBy)) continue;
      const s = await this.deps.schedules.get(t.scheduleId);
      if (!s || !(await this.deps.schedules.takeOver(t, this.me))) continue;
      this.log?.info({ scheduleId: s.id, tick: t.tick }, "starting a tick whose process died before it started the run");
      await this.launch(s, t.tick);
    }
  }

  /** Starts the claimed tick's run; a deployment gone or a version that cannot run is recorded on the tick. */
  private async launch(s: StoredSchedule, tick: number): Promise<void> {
    try {
      const d = await this.deps.deployments.get(s.deployment);
      if (!d) throw new Error(`the deployment "${s.deployment}" no longer exists`);
      await this.deps.schedules.started(s.id, tick, async () => (await this.deps.startRun(d, s.input, { via: "schedule", scheduleId: s.id, tick })).id);
    } catch (err) {
      const message = (err as Error).message;
      await this.deps.schedules.failed(s.id, tick, message);
      this.log?.warn({ scheduleId: s.id, deployment: s.deployment, tick, err: message }, "a scheduled run could not start");
    }
  }
}
