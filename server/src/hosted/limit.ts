// Runs started per minute on each deployment's hosted page, over a sliding minute: past the
// deployment's limits.runsPerMinute a start is refused with how long to wait. In memory, as the
// sign-in limiter it is built on: a restart forgives.
import type { Deployment } from "@tandem/shared";
import { failureLimiter, type FailureLimiter } from "../auth/rate-limit.js";

const MINUTE = 60_000;

export interface StartLimiter {
  /** Counts a start and returns 0, or returns the seconds to wait (and counts nothing). */
  take(d: Deployment, now: number): number;
}

export function startLimiter(): StartLimiter {
  // One window per limit: a changed limit starts a fresh count, which errs on the generous side.
  const byLimit = new Map<number, FailureLimiter>();
  return {
    take(d, now) {
      const max = d.limits.runsPerMinute;
      let limiter = byLimit.get(max);
      if (!limiter) byLimit.set(max, (limiter = failureLimiter(max, MINUTE)));
      const wait = limiter.retryAfter(d.name, now);
      if (wait === 0) limiter.fail(d.name, now);
      return wait;
    },
  };
}
