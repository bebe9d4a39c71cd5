// Importing a run export from a file: read, parsed, sent; a file that is not an export gets a
// message saying what is wrong with it rather than a status code.
import { ApiError } from "../api/client.js";
import { runsApi } from "../api/runs.js";

export type ImportOutcome = { ok: true; runId: string } | { ok: false; message: string };

export async function importRunFile(file: File): Promise<ImportOutcome> {
  let document: unknown;
  try {
    document = JSON.parse(await file.text());
  } catch (e) {
    return { ok: false, message: `It is not JSON (${(e as Error).message}).` };
  }
  try {
    return { ok: true, runId: (await runsApi.import(document)).runId };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.code === "invalid_export") return { ok: false, message: `It is not a Tandem run export: ${e.message}.` };
    if (e.status === 413) return { ok: false, message: `It is too large: ${e.message}.` };
    return { ok: false, message: e.message };
  }
}
