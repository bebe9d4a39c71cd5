// Evaluation datasets, one implementation over SQL for SQLite and Postgres: named lists of
// cases, each an input, what is expected of it, and, for a case made from a run, a copy of that
// run's events (its recording), so that deleting the run later loses nothing the dataset needs.
import { randomUUID } from "node:crypto";
import type { Dataset, DatasetCase, DatasetSummary, Expected, RunEvent } from "@tandem/shared";
import type { Sql } from "./sql/types.js";

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
  list(): Promise<DatasetSummary[]>;
  /** By id, or else by name. */
  get(idOrName: string): Promise<Dataset | undefined>;
  /** Every case with its recording, in order. */
  cases(datasetId: string): Promise<StoredCase[]>;
  /** Throws DatasetExistsError when the name is taken. */
  create(name: string, cases: readonly NewCase[], by: string): Promise<Dataset>;
  delete(id: string): Promise<boolean>;
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
}

const SELECT = "SELECT d.id, d.name, d.created_by, d.created_at, (SELECT count(*) FROM dataset_cases c WHERE c.dataset_id = d.id) AS cases FROM datasets d";
const CASE_COLUMNS = "SELECT id, input, expected, run_id";
// Cases go in this many to a statement: one round trip for several, well under SQLite's limit on parameters.
const CASES_PER_INSERT = 100;

const summary = (r: Row): DatasetSummary => ({ id: r.id, name: r.name, cases: r.cases, createdAt: r.created_at, createdBy: r.created_by });
const listed = (c: CaseRow, recorded: boolean): DatasetCase => ({
  id: c.id,
  input: c.input,
  expected: JSON.parse(c.expected) as Expected,
  runId: c.run_id,
  recorded,
});

export function createDatasetStore(sql: Sql): DatasetStore {
  const get = async (idOrName: string): Promise<Dataset | undefined> => {
    // An id wins over a dataset that happens to be named like it.
    const r = await sql.get<Row>(`${SELECT} WHERE d.id = ? OR d.name = ? ORDER BY CASE WHEN d.id = ? THEN 0 ELSE 1 END LIMIT 1`, [idOrName, idOrName, idOrName]);
    if (!r) return undefined;
    // Whether each case has a recording, without reading the recordings.
    const cases = await sql.all<CaseRow & { recorded: number }>(
      `${CASE_COLUMNS}, CASE WHEN recording IS NULL THEN 0 ELSE 1 END AS recorded FROM dataset_cases WHERE dataset_id = ? ORDER BY position`,
      [r.id],
    );
    return { ...summary(r), items: cases.map((c) => listed(c, c.recorded === 1)) };
  };

  const insertCases = async (datasetId: string, cases: readonly NewCase[]) => {
    for (let i = 0; i < cases.length; i += CASES_PER_INSERT) {
      const chunk = cases.slice(i, i + CASES_PER_INSERT);
      await sql.run(
        `INSERT INTO dataset_cases (dataset_id, position, id, input, expected, run_id, recording) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
        chunk.flatMap((c, j) => [datasetId, i + j, `case-${i + j + 1}`, c.input, JSON.stringify(c.expected), c.runId ?? null, c.recording ? JSON.stringify(c.recording) : null]),
      );
    }
  };

  return {
    async list() {
      return (await sql.all<Row>(`${SELECT} ORDER BY d.created_at DESC, d.rowid DESC`)).map(summary);
    },
    get,
    async cases(datasetId) {
      const rows = await sql.all<CaseRow & { recording: string | null }>(`${CASE_COLUMNS}, recording FROM dataset_cases WHERE dataset_id = ? ORDER BY position`, [datasetId]);
      return rows.map((c) => ({ ...listed(c, c.recording !== null), recording: c.recording === null ? null : (JSON.parse(c.recording) as RunEvent[]) }));
    },
    create: (name, cases, by) =>
      sql.tx(async () => {
        const id = randomUUID();
        // The name's unique index decides between two servers creating the same name at once.
        const made = await sql.run("INSERT INTO datasets (id, name, created_by, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING", [id, name, by, Date.now()]);
        if (made.changes === 0) throw new DatasetExistsError(name);
        await insertCases(id, cases);
        return (await get(id))!;
      }),
    delete: (id) =>
      sql.tx(async () => {
        await sql.run("DELETE FROM dataset_cases WHERE dataset_id = ?", [id]);
        return (await sql.run("DELETE FROM datasets WHERE id = ?", [id])).changes > 0;
      }),
  };
}
