// Failed sign-ins counted per key (a username, a client address) over a sliding window: once a
// key has `max` failures in it, sign-in is refused for that key until the oldest one ages out.
// Kept in memory: a restart forgives, which costs an attacker a restart they cannot cause.
export interface FailureLimiter {
  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string, now: number): number;
  fail(key: string, now: number): void;
  clear(key: string): void;
}

const MAX_KEYS = 10_000;

export function failureLimiter(max = 5, windowMs = 5 * 60_000): FailureLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const times = (failures.get(key) ?? []).filter((t) => t > now - windowMs);
    if (times.length) failures.set(key, times);
    else failures.delete(key);
    return times;
  };
  return {
    retryAfter(key, now) {
      const times = recent(key, now);
      return times.length < max ? 0 : Math.max(1, Math.ceil((times[times.length - max]! + windowMs - now) / 1000));
    },
    fail(key, now) {
      // Many keys (usernames made up by the thousand) are swept rather than kept for ever.
      if (failures.size > MAX_KEYS) for (const k of [...failures.keys()]) recent(k, now);
      failures.set(key, [...recent(key, now), now]);
    },
    clear(key) {
      failures.delete(key);
    },
  };
}
