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
