// A deployment's figures over its runs: how many, the share that failed, how long they took
// (median and 95th percentile), what they cost (in all, and a finished run on average), and how
// many each version ran.
import type { DeploymentStats } from "@tandem/shared";
import { costText } from "../ui/cost.js";
import { formatMs } from "../ui/time.js";
import { percent } from "./format.js";

export function StatsBar({ stats }: { stats: DeploymentStats }) {
  const duration = (ms: number | null) => (ms === null ? "—" : formatMs(ms));
  return (
    <dl className="deploy-stats" aria-label="Figures">
      <div>
        <dt>Runs</dt>
        <dd>{stats.runs}</dd>
      </div>
      <div>
        <dt>Error rate</dt>
        <dd>{percent(stats.errorRate)}</dd>
      </div>
      <div>
        <dt>p50</dt>
        <dd>{duration(stats.p50Ms)}</dd>
      </div>
      <div>
        <dt>p95</dt>
        <dd>{duration(stats.p95Ms)}</dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>{costText(stats.costUsd)}</dd>
      </div>
      <div>
        <dt>Cost per run</dt>
        <dd>{costText(stats.avgCostUsd ?? undefined)}</dd>
      </div>
      <div>
        <dt>By version</dt>
        <dd className="small">{stats.byVersion.length ? stats.byVersion.map((v) => `v${v.version}: ${v.runs}`).join(" · ") : "—"}</dd>
      </div>
    </dl>
  );
}
