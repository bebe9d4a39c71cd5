// Events counted per key over a sliding window: failed sign-ins per username or client address,
// runs started per deployment. Once a key has `max` events in the window, it is refused until
// the oldest one ages out. Kept in memory: a restart forgives, which costs an attacker a restart
// they cannot cause.
export interface WindowLimiter {
  /** Seconds until `key` may have another event with at most `max` in the window, or 0 when it may now. */
  retryAfter(key: string, max: number, now: number): number;
  add(key: string, now: number): void;
  clear(key: string): void;
}

export interface FailureLimiter {
  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string, now: number): number;
  fail(key: string, now: number): void;
  clear(key: string): void;
}

const MAX_KEYS = 10_000;

export function windowLimiter(windowMs: number): WindowLimiter {
  const events = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const times = (events.get(key) ?? []).filter((t) => t > now - windowMs);
    if (times.length) events.set(key, times);
    else events.delete(key);
    return times;
  };
  return {
    retryAfter(key, max, now) {
      const times = recent(key, now);
      return times.length < max ? 0 : Math.max(1, Math.ceil((times[times.length - max]! + windowMs - now) / 1000));
    },
    add(key, now) {
      // Many keys (usernames made up by the thousand) are swept rather than kept for ever.
      if (events.size > MAX_KEYS) for (const k of [...events.keys()]) recent(k, now);
      events.set(key, [...recent(key, now), now]);
    },
    clear(key) {
      events.delete(key);
    },
  };
}

export function failureLimiter(max = 5, windowMs = 5 * 60_000): FailureLimiter {
  const window = windowLimiter(windowMs);
  return { retryAfter: (key, now) => window.retryAfter(key, max, now), fail: window.add, clear: window.clear };
}
