// A relative time ("12 seconds ago") that keeps itself current; the exact time is its title.
import { useNow } from "./useNow.js";
import { timeAgo } from "./time.js";

export function TimeAgo({ at }: { at: number }) {
  const now = useNow();
  const date = new Date(at);
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()}>
      {timeAgo(at, now)}
    </time>
  );
}
