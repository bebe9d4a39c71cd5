// What the flows, deployments and schedules suites store besides their own rows: a parsed flow
// document, and runs rows as the event store writes them (the figures and lists read those).
import { parseFlow, type Flow } from "@tandem/shared";
import { openSql } from "../../src/store/open.js";
import type { Sql } from "../../src/store/sql/types.js";
import type { SqlBackend } from "./backends.js";
import { sampleFlow } from "./sample-flows.js";

/** A flow document as the API hands it to the store (parsed); an empty model makes it invalid. */
export function flowDoc(name = "Draft and review", model = "scripted/demo"): Flow {
  const parsed = parseFlow(sampleFlow(name, model));
  if (!parsed.ok) throw new Error(`the sample flow does not parse: ${parsed.problems[0]?.message}`);
  return parsed.flow;
}

export interface RunRow {
  id: string;
  flowId?: string;
  flowVersion?: number;
  deployment?: string;
  status?: string;
  startedAt: number;
  finishedAt?: number;
  costUsd?: number;
}

export async function insertRun(sql: Sql, r: RunRow): Promise<void> {
  await sql.run(
    `INSERT INTO runs (id, flow_id, flow_version, flow_name, input, status, deployment, cost_usd, started_at, updated_at, finished_at)
    VALUES (?, ?, ?, 'a flow', '', ?, ?, ?, ?, ?, ?)`,
    [r.id, r.flowId ?? null, r.flowVersion ?? null, r.status ?? "running", r.deployment ?? null, r.costUsd ?? 0, r.startedAt, r.finishedAt ?? r.startedAt, r.finishedAt ?? null],
  );
}

/**
 * Two servers on one database. Postgres: two pools, as two processes have. SQLite: one handle,
 * as one process has (its driver runs one transaction at a time; two handles in one process
 * would block each other's thread on the file lock: processes are the kill tests' part).
 */
export async function twoServers(backend: SqlBackend): Promise<{ a: Sql; b: Sql; close(): Promise<void> }> {
  const target = await backend.target();
  const a = (await openSql(target)).sql;
  const b = backend.name === "postgres" ? (await openSql(target)).sql : a;
  return { a, b, close: async () => void (await Promise.all([...new Set([a, b])].map((s) => s.close()))) };
}
