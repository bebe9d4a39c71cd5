// Evaluation datasets in SQLite: named lists of cases, each an input, what is expected of it,
// and, for a case made from a run, a copy of that run's events (its recording), so that
// deleting the run later loses nothing the dataset needs.
import { randomUUID } from "node:crypto";
import type { Dataset, DatasetCase, DatasetSummary, Expected, RunEvent } from "@tandem/shared";
import type { Db } from "./db.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS datasets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dataset_cases (
  dataset_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  input TEXT NOT NULL,
  expected TEXT NOT NULL,
  run_id TEXT,
  recording TEXT,
  PRIMARY KEY (dataset_id, position)
) WITHOUT ROWID;
`;

/** A case to store: from a run (with its events) or from a file (without). */
export interface NewCase {
  input: string;
  expected: Expected;
  runId?: string;
  recording?: readonly RunEvent[];
}

/** A case as the evaluator runs it. */
export interface StoredCase extends DatasetCase {
  recording: RunEvent[] | null;
}

export class DatasetExistsError extends Error {
  constructor(readonly datasetName: string) {
    super(`a dataset named "${datasetName}" exists already`);
    this.name = "DatasetExistsError";
  }
}

export interface DatasetStore {
  /** Newest first. */
  list(): DatasetSummary[];
  /** By id, or else by name. */
  get(idOrName: string): Dataset | undefined;
  /** Every case with its recording, in order. */
  cases(datasetId: string): StoredCase[];
  /** Throws DatasetExistsError when the name is taken. */
  create(name: string, cases: readonly NewCase[], by: string): Dataset;
  delete(id: string): boolean;
}

interface Row {
  id: string;
  name: string;
  created_by: string;
  created_at: number;
  cases: number;
}

interface CaseRow {
  id: string;
  input: string;
  expected: string;
  run_id: string | null;
  recording: string | null;
}

const SELECT = "SELECT d.*, (SELECT count(*) FROM dataset_cases c WHERE c.dataset_id = d.id) AS cases FROM datasets d";

export function createDatasetStore(db: Db): DatasetStore {
  db.exec(SCHEMA);
  const selectAll = db.prepare<[], Row>(`${SELECT} ORDER BY d.created_at DESC, d.rowid DESC`);
  const selectOne = db.prepare<[{ key: string }], Row>(`${SELECT} WHERE d.id = @key OR d.name = @key ORDER BY d.id = @key DESC LIMIT 1`);
  const selectCases = db.prepare<[string], CaseRow>("SELECT id, input, expected, run_id, recording FROM dataset_cases WHERE dataset_id = ? ORDER BY position");
  const selectListed = db.prepare<[string], CaseRow>(
    "SELECT id, input, expected, run_id, recording IS NOT NULL AS recording FROM dataset_cases WHERE dataset_id = ? ORDER BY position",
  );
  const insert = db.prepare("INSERT INTO datasets (id, name, created_by, created_at) VALUES (?, ?, ?, ?)");
  const insertCase = db.prepare("INSERT INTO dataset_cases (dataset_id, position, id, input, expected, run_id, recording) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const deleteCases = db.prepare("DELETE FROM dataset_cases WHERE dataset_id = ?");
  const deleteRow = db.prepare("DELETE FROM datasets WHERE id = ?");
  const nameTaken = db.prepare<[string], { id: string }>("SELECT id FROM datasets WHERE name = ?");

  const summary = (r: Row): DatasetSummary => ({ id: r.id, name: r.name, cases: r.cases, createdAt: r.created_at, createdBy: r.created_by });
  const listed = (c: CaseRow): DatasetCase => ({
    id: c.id,
    input: c.input,
    expected: JSON.parse(c.expected) as Expected,
    runId: c.run_id,
    recorded: Boolean(c.recording),
  });
  const get = (idOrName: string): Dataset | undefined => {
    const r = selectOne.get({ key: idOrName });
    return r && { ...summary(r), items: selectListed.all(r.id).map(listed) };
  };

  const create = db.transaction((name: string, cases: readonly NewCase[], by: string): Dataset => {
    if (nameTaken.get(name)) throw new DatasetExistsError(name);
    const id = randomUUID();
    insert.run(id, name, by, Date.now());
    cases.forEach((c, i) => {
      insertCase.run(id, i, `case-${i + 1}`, c.input, JSON.stringify(c.expected), c.runId ?? null, c.recording ? JSON.stringify(c.recording) : null);
    });
    return get(id)!;
  });
  const remove = db.transaction((id: string) => {
    deleteCases.run(id);
    return deleteRow.run(id).changes > 0;
  });

  return {
    list: () => selectAll.all().map(summary),
    get,
    cases: (datasetId) =>
      selectCases.all(datasetId).map((c) => ({ ...listed(c), recording: c.recording ? (JSON.parse(c.recording) as RunEvent[]) : null })),
    create,
    delete: remove,
  };
}
