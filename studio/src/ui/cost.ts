// A cost as the studio shows it. A run's or call's cost is zero when nothing it called was priced
// (or it cost nothing), and that reads as "—" rather than as a price.
import { formatUsd } from "@tandem/shared";

export function costText(usd: number | undefined): string {
  return usd ? formatUsd(usd) : "—";
}
