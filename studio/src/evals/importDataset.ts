// Import on the Evaluations page: a CSV or JSON-lines file becomes a dataset, or the reason it did
// not (the server names the line that is wrong).
import { ApiError } from "../api/client.js";
import { evalsApi } from "../api/evals.js";
import type { ImportFailure } from "../ui/ImportFile.js";
import { datasetFromFile } from "./datasetRequest.js";
import { errorText } from "./errorText.js";

export type DatasetImport = { ok: true; id: string; name: string; cases: number } | { ok: false; failure: ImportFailure };

export async function importDataset(file: File): Promise<DatasetImport> {
  const body = datasetFromFile(file.name, await file.text());
  if (!body) return { ok: false, failure: { file: file.name, message: "Choose a .csv file with a header row or a .jsonl file of one case per line." } };
  try {
    const dataset = await evalsApi.createDataset(body);
    return { ok: true, id: dataset.id, name: dataset.name, cases: dataset.cases };
  } catch (err) {
    return { ok: false, failure: { file: file.name, message: errorText(err), problems: err instanceof ApiError ? err.problems : undefined } };
  }
}
