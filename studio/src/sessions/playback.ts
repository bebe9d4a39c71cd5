// Playing a run back at its own pace: each event is shown when its time comes, times being the
// recorded ones with long pauses (a person thinking for an hour) shortened to MAX_GAP_MS.
import type { RunEvent } from "@tandem/shared";

export const MAX_GAP_MS = 1000;
export const SPEEDS = [0.5, 1, 2, 5, 10] as const;

/** When each event plays (index seq - 1), in ms from the first. */
export function playTimes(events: readonly RunEvent[], maxGapMs = MAX_GAP_MS): Float64Array {
  const times = new Float64Array(events.length);
  for (let i = 1; i < events.length; i++) {
    const gap = events[i]!.at - events[i - 1]!.at;
    times[i] = times[i - 1]! + Math.min(Math.max(gap, 0), maxGapMs);
  }
  return times;
}

/** The last seq whose time has come at `ms` (at least 1). */
export function seqAtTime(times: Float64Array, ms: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= ms) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(lo, 1);
}
