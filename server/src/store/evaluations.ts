// Evaluations, one implementation over SQL for SQLite and Postgres: each request, its status and,
// once done, its case results and figures. An evaluation runs inside the server process that
// started it (its owner): one still "running" whose server is gone was cut off by a stop, and is
// marked failed, when a server starts and while servers look for what others left.
import { randomUUID } from "node:crypto";
import type { CaseResult, Evaluation, EvaluationRequest, EvaluationSummary } from "@tandem/shared";
import { placeholders } from "./sql/dialect.js";
import type { Sql } from "./sql/types.js";
import type { RunOwners } from "./owners.js";

/** What a finished evaluation adds to its summary. */
export type Figures = Pick<EvaluationSummary, "passed" | "byScorer" | "tokens" | "costUsd" | "meetsThreshold">;

export interface NewEvaluation {
  request: EvaluationRequest;
  datasetName: string;
  flowName: string;
  cases: number;
}

export const STOPPED_DURING = "the server stopped during it";

export interface EvaluationStore {
  /** Newest first; of one dataset when given. */
  list(datasetId?: string): Promise<EvaluationSummary[]>;
  get(id: string): Promise<Evaluation | undefined>;
  /** A new evaluation, running. */
  create(e: NewEvaluation): Promise<EvaluationSummary>;
  finish(id: string, results: readonly CaseResult[], figures: Figures): Promise<void>;
  fail(id: string, error: string): Promise<void>;
  /** Marks failed every running evaluation whose server is not among `live` (none given: every one); how many. */
  failInterrupted(live?: readonly string[]): Promise<number>;
}

interface Row {
  id: string;
  dataset_id: string;
  dataset_name: string;
  flow_id: string;
  flow_name: string;
  version: number;
  created_at: number;
  status: EvaluationSummary["status"];
  request: string;
  figures: string | null;
  error: string | null;
}

const NO_FIGURES: Figures = { passed: 0, byScorer: [], tokens: 0, costUsd: 0, meetsThreshold: false };

// A summary's columns: a list does not read the case results.
const COLUMNS = "id, dataset_id, dataset_name, flow_id, flow_name, version, created_at, status, request, figures, error";
// Newest first; of two made in the same millisecond, the later one first.
const NEWEST_FIRST = "ORDER BY created_at DESC, rowid DESC";

function summary(r: Row): EvaluationSummary {
  const request = JSON.parse(r.request) as EvaluationRequest & { cases: number };
  const { cases, ...figures } = { ...NO_FIGURES, cases: request.cases, ...(r.figures ? (JSON.parse(r.figures) as Figures & { cases: number }) : {}) };
  return {
    id: r.id,
    datasetId: r.dataset_id,
    datasetName: r.dataset_name,
    flowId: r.flow_id,
    flowName: r.flow_name,
    version: r.version,
    createdAt: r.created_at,
    status: r.status,
    cases,
    ...figures,
    threshold: request.threshold ?? null,
    ...(r.error ? { error: r.error } : {}),
  };
}

export interface EvaluationStoreOptions {
  /** This process as an owner (see owners.ts): recorded with the evaluations it starts, and kept fresh from the first. */
  owner?: Pick<RunOwners, "id" | "keepFresh">;
}

export function createEvaluationStore(sql: Sql, options: EvaluationStoreOptions = {}): EvaluationStore {
  return {
    async list(datasetId) {
      const rows =
        datasetId === undefined
          ? await sql.all<Row>(`SELECT ${COLUMNS} FROM evaluations ${NEWEST_FIRST}`)
          : await sql.all<Row>(`SELECT ${COLUMNS} FROM evaluations WHERE dataset_id = ? ${NEWEST_FIRST}`, [datasetId]);
      return rows.map(summary);
    },
    async get(id) {
      const r = await sql.get<Row & { results: string }>(`SELECT ${COLUMNS}, results FROM evaluations WHERE id = ?`, [id]);
      if (!r) return undefined;
      const { cases: _cases, ...request } = JSON.parse(r.request) as EvaluationRequest & { cases: number };
      // Results stored before cost was kept count none.
      const results = (JSON.parse(r.results) as (Omit<CaseResult, "costUsd"> & { costUsd?: number })[]).map((c) => ({ ...c, costUsd: c.costUsd ?? 0 }));
      return { ...summary(r), request, results };
    },
    async create({ request, datasetName, flowName, cases }) {
      const { datasetId, flowId, version } = request;
      await options.owner?.keepFresh();
      // The case count is kept with the request: the dataset may be deleted later.
      const r = await sql.get<Row>(
        `INSERT INTO evaluations (id, dataset_id, dataset_name, flow_id, flow_name, version, created_at, status, request, owner)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?) RETURNING ${COLUMNS}`,
        [randomUUID(), datasetId, datasetName, flowId, flowName, version, Date.now(), JSON.stringify({ ...request, cases }), options.owner?.id ?? null],
      );
      return summary(r!);
    },
    async finish(id, results, figures) {
      // Another server starting on the same database may have marked it failed meanwhile: done wins.
      await sql.run("UPDATE evaluations SET status = 'done', results = ?, figures = ?, error = NULL WHERE id = ?", [JSON.stringify(results), JSON.stringify(figures), id]);
    },
    async fail(id, error) {
      await sql.run("UPDATE evaluations SET status = 'failed', error = ? WHERE id = ?", [error, id]);
    },
    async failInterrupted(live = []) {
      const spared = live.length > 0 ? ` AND (owner IS NULL OR owner NOT IN (${placeholders(live.length)}))` : "";
      return (await sql.run(`UPDATE evaluations SET status = 'failed', error = ? WHERE status = 'running'${spared}`, [STOPPED_DURING, ...live])).changes;
    },
  };
}
