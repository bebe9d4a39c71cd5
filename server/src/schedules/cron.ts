// Reading a schedule's cron expression in its time zone (with croner), and the times it fires.
// A mistake is a ScheduleFieldError naming the field, with croner's own reason.
import { Cron } from "croner";

export class ScheduleFieldError extends Error {
  constructor(
    readonly field: "cron" | "timezone",
    message: string,
  ) {
    super(message);
    this.name = "ScheduleFieldError";
  }
}

export interface CronTimes {
  /** The first `count` times (epoch ms) strictly after `after`. */
  next(after: number, count: number): number[];
  /** Up to `count` times strictly before `before`, newest first. */
  previous(before: number, count: number): number[];
}

export function readCron(cron: string, timezone: string): CronTimes {
  try {
    // Intl knows the IANA names; croner would only fail later, when it first computes a time.
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    throw new ScheduleFieldError("timezone", `unknown time zone "${timezone}": expected an IANA name such as "Europe/Paris" or "UTC"`);
  }
  let job: Cron;
  try {
    job = new Cron(cron, { paused: true, timezone, mode: "5-or-6-parts" });
  } catch (e) {
    throw new ScheduleFieldError("cron", `cannot read the cron expression "${cron}": ${(e as Error).message}`);
  }
  if (!job.nextRun()) throw new ScheduleFieldError("cron", `the cron expression "${cron}" never fires`);
  const ms = (dates: Date[]) => dates.map((d) => d.getTime());
  return {
    next: (after, count) => ms(job.nextRuns(count, new Date(after))),
    previous: (before, count) => ms(job.previousRuns(count, new Date(before))),
  };
}
