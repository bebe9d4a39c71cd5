// The requests that make a dataset: from runs ticked in Sessions (each with what it should give,
// optionally), or from a CSV or JSON-lines file.
import type { CreateDatasetRequest, Expected } from "@tandem/shared";

/** One ticked run in the Make dataset form. */
export interface RunCaseForm {
  runId: string;
  input: string;
  outcome: string;
  output: string;
}

/** The expected parts that were filled in; blank ones say nothing. */
function expectedOf(row: RunCaseForm): Expected | undefined {
  const outcome = row.outcome.trim();
  const expected: Expected = { ...(outcome ? { outcome } : {}), ...(row.output.trim() ? { output: row.output } : {}) };
  return Object.keys(expected).length ? expected : undefined;
}

export function datasetFromRuns(name: string, rows: readonly RunCaseForm[]): CreateDatasetRequest {
  return {
    name: name.trim(),
    runs: rows.map((row) => {
      const expected = expectedOf(row);
      return { runId: row.runId, ...(expected ? { expected } : {}) };
    }),
  };
}

/** A dataset named after the file, of its text; null when the file is neither CSV nor JSON lines. */
export function datasetFromFile(fileName: string, text: string): CreateDatasetRequest | null {
  const m = /^(.*)\.(csv|jsonl|ndjson)$/i.exec(fileName);
  if (!m) return null;
  const format = m[2]!.toLowerCase() === "csv" ? "csv" : "jsonl";
  return { name: m[1]!.trim() || fileName, file: { format, text } };
}
