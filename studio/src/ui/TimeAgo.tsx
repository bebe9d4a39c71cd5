// A relative time ("12 seconds ago") that keeps itself current; the exact time is its title.
import { useNow } from "./useNow.js";
import { timeAgo, timeAgoLabel } from "./time.js";

/** `standalone`: the time stands on its own (a table cell), so it starts with a capital. */
export function TimeAgo({ at, standalone = false }: { at: number; standalone?: boolean }) {
  const now = useNow();
  const date = new Date(at);
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()}>
      {(standalone ? timeAgoLabel : timeAgo)(at, now)}
    </time>
  );
}
