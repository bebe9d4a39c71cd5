// A deployment's figures computed in SQL over its runs (the runs_by_deployment index): counts,
// the error rate of finished runs, p50/p95 of their durations, runs per version.
import type { DeploymentStats } from "@tandem/shared";
import type { Db } from "./db.js";

export type DeploymentStatsQuery = (deployment: string) => DeploymentStats;

export function deploymentStatsQuery(db: Db): DeploymentStatsQuery {
  const counts = db.prepare<[string], { runs: number; finished: number; failed: number }>(
    `SELECT count(*) AS runs, count(finished_at) AS finished, coalesce(sum(status = 'failed'), 0) AS failed FROM runs WHERE deployment = ?`,
  );
  // Nearest rank: the duration at position `offset` of the finished runs, shortest first.
  const durationAt = db.prepare<[string, number], { ms: number }>(
    "SELECT finished_at - started_at AS ms FROM runs WHERE deployment = ? AND finished_at IS NOT NULL ORDER BY ms LIMIT 1 OFFSET ?",
  );
  const byVersion = db.prepare<[string], { version: number; runs: number }>(
    "SELECT flow_version AS version, count(*) AS runs FROM runs WHERE deployment = ? AND flow_version IS NOT NULL GROUP BY flow_version ORDER BY flow_version",
  );
  const percentile = (name: string, finished: number, p: number) => durationAt.get(name, Math.max(0, Math.ceil(p * finished) - 1))?.ms ?? null;

  return (name) => {
    const { runs, finished, failed } = counts.get(name)!;
    return {
      runs,
      finished,
      errorRate: finished ? failed / finished : null,
      p50Ms: finished ? percentile(name, finished, 0.5) : null,
      p95Ms: finished ? percentile(name, finished, 0.95) : null,
      byVersion: byVersion.all(name),
    };
  };
}
