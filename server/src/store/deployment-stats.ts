// A deployment's figures computed in SQL over its runs: counts, the error rate of finished runs,
// p50/p95 of their durations, what they cost, runs per version. Two indexes (schema.ts) answer
// them without reading the runs themselves (40,000 runs: about 60 ms rather than 350).
import type { DeploymentStats } from "@tandem/shared";
import type { Sql } from "./sql/types.js";

export type DeploymentStatsQuery = (deployment: string) => Promise<DeploymentStats>;

interface Counts {
  runs: number;
  finished: number;
  failed: number;
  cost_usd: number;
  finished_cost_usd: number;
}

const COUNTS = `SELECT count(*) AS runs, count(finished_at) AS finished, coalesce(sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed,
    coalesce(sum(cost_usd), 0) AS cost_usd, coalesce(sum(CASE WHEN finished_at IS NOT NULL THEN cost_usd END), 0) AS finished_cost_usd
  FROM runs WHERE deployment = ?`;
// Nearest rank: the duration at position `offset` of the finished runs, shortest first.
const DURATION_AT =
  "SELECT finished_at - started_at AS ms FROM runs WHERE deployment = ? AND finished_at IS NOT NULL ORDER BY finished_at - started_at LIMIT 1 OFFSET ?";
const BY_VERSION =
  "SELECT flow_version AS version, count(*) AS runs FROM runs WHERE deployment = ? AND flow_version IS NOT NULL GROUP BY flow_version ORDER BY flow_version";

export function deploymentStatsQuery(sql: Sql): DeploymentStatsQuery {
  const percentile = async (name: string, finished: number, p: number) =>
    (await sql.get<{ ms: number }>(DURATION_AT, [name, Math.max(0, Math.ceil(p * finished) - 1)]))?.ms ?? null;

  return async (name) => {
    const { runs, finished, failed, cost_usd, finished_cost_usd } = (await sql.get<Counts>(COUNTS, [name]))!;
    return {
      runs,
      finished,
      errorRate: finished ? failed / finished : null,
      p50Ms: finished ? await percentile(name, finished, 0.5) : null,
      p95Ms: finished ? await percentile(name, finished, 0.95) : null,
      costUsd: cost_usd,
      avgCostUsd: finished ? finished_cost_usd / finished : null,
      byVersion: await sql.all<{ version: number; runs: number }>(BY_VERSION, [name]),
    };
  };
}
