// Export: the run as the server writes it (GET /api/runs/:id/export), saved as one JSON file.
import { runsApi } from "../api/runs.js";
import { downloadText } from "../ui/download.js";

export async function exportRun(runId: string): Promise<void> {
  const document = await runsApi.export(runId);
  // Compact, not indented: a long run's file is a third smaller, and imports have a size limit.
  downloadText(`run-${runId}.json`, JSON.stringify(document));
}
