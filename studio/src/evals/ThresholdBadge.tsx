// Whether an evaluation met its threshold: every scorer passed at least that share of its cases.
import type { EvaluationSummary } from "@tandem/shared";

export function ThresholdBadge({ summary }: { summary: EvaluationSummary }) {
  if (summary.threshold === null || summary.status !== "done") return <span className="muted small">—</span>;
  const at = `${Math.round(summary.threshold * 100)}%`;
  return summary.meetsThreshold ? <span className="badge badge-ok">Meets {at}</span> : <span className="badge badge-danger">Below {at}</span>;
}
