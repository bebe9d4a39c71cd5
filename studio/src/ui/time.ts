// "3 min ago" for recent times, a date for older ones.
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
];
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function timeAgo(then: number, now = Date.now()): string {
  let amount = Math.round((then - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(amount) < size) return relative.format(amount, unit);
    amount = Math.round(amount / size);
  }
  return new Date(then).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
}

/** timeAgo standing on its own (a table cell), in sentence case: "Now", "Yesterday", "58 seconds ago". */
export function timeAgoLabel(then: number, now = Date.now()): string {
  const text = timeAgo(then, now);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A duration: "380 ms", "2.4 s", "3 min 12 s", "2 h 5 min". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
