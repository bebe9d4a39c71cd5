// Evaluations in SQLite: each request, its status and, once done, its case results and figures.
// An evaluation runs inside the server process: one still "running" when a server starts was
// cut off by a stop, and is marked failed.
import { randomUUID } from "node:crypto";
import type { CaseResult, Evaluation, EvaluationRequest, EvaluationSummary } from "@tandem/shared";
import type { Db } from "./db.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS evaluations (
  id TEXT PRIMARY KEY,
  dataset_id TEXT NOT NULL,
  dataset_name TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  flow_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  request TEXT NOT NULL,
  figures TEXT,
  results TEXT NOT NULL DEFAULT '[]',
  error TEXT
);
CREATE INDEX IF NOT EXISTS evaluations_by_dataset ON evaluations (dataset_id, created_at DESC);
`;

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
  list(datasetId?: string): EvaluationSummary[];
  get(id: string): Evaluation | undefined;
  /** A new evaluation, running. */
  create(e: NewEvaluation): EvaluationSummary;
  finish(id: string, results: readonly CaseResult[], figures: Figures): void;
  fail(id: string, error: string): void;
  /** Marks every running evaluation failed (a server starting: none of them can be going on); how many. */
  failInterrupted(): number;
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
  results: string;
  error: string | null;
}

const NO_FIGURES: Figures = { passed: 0, byScorer: [], tokens: 0, costUsd: 0, meetsThreshold: false };

export function createEvaluationStore(db: Db): EvaluationStore {
  db.exec(SCHEMA);
  const selectAll = db.prepare<[], Row>("SELECT * FROM evaluations ORDER BY created_at DESC, rowid DESC");
  const selectByDataset = db.prepare<[string], Row>("SELECT * FROM evaluations WHERE dataset_id = ? ORDER BY created_at DESC, rowid DESC");
  const selectOne = db.prepare<[string], Row>("SELECT * FROM evaluations WHERE id = ?");
  const insert = db.prepare(`INSERT INTO evaluations (id, dataset_id, dataset_name, flow_id, flow_name, version, created_at, status, request)
    VALUES (@id, @datasetId, @datasetName, @flowId, @flowName, @version, @createdAt, 'running', @request)`);
  const updateDone = db.prepare("UPDATE evaluations SET status = 'done', results = ?, figures = ? WHERE id = ?");
  const updateFailed = db.prepare("UPDATE evaluations SET status = 'failed', error = ? WHERE id = ?");
  const updateInterrupted = db.prepare("UPDATE evaluations SET status = 'failed', error = ? WHERE status = 'running'");

  const summary = (r: Row): EvaluationSummary => {
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
  };

  return {
    list: (datasetId) => (datasetId === undefined ? selectAll.all() : selectByDataset.all(datasetId)).map(summary),
    get(id) {
      const r = selectOne.get(id);
      if (!r) return undefined;
      const { cases: _cases, ...request } = JSON.parse(r.request) as EvaluationRequest & { cases: number };
      // Results stored before cost was kept count none.
      const results = (JSON.parse(r.results) as (Omit<CaseResult, "costUsd"> & { costUsd?: number })[]).map((c) => ({ ...c, costUsd: c.costUsd ?? 0 }));
      return { ...summary(r), request, results };
    },
    create({ request, datasetName, flowName, cases }) {
      const id = randomUUID();
      const { datasetId, flowId, version } = request;
      // The case count is kept with the request: the dataset may be deleted later.
      insert.run({ id, datasetId, datasetName, flowId, flowName, version, createdAt: Date.now(), request: JSON.stringify({ ...request, cases }) });
      return summary(selectOne.get(id)!);
    },
    finish(id, results, figures) {
      updateDone.run(JSON.stringify(results), JSON.stringify(figures), id);
    },
    fail(id, error) {
      updateFailed.run(error, id);
    },
    failInterrupted: () => updateInterrupted.run(STOPPED_DURING).changes,
  };
}
