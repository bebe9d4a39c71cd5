// Make dataset: the runs ticked in Sessions become a dataset's cases (their inputs, recorded model
// replies and people's answers), each with what it should give, optionally; then the dataset opens.
import type { RunSummary } from "@tandem/shared";
import { useState } from "react";
import { ApiError } from "../api/client.js";
import { evalsApi } from "../api/evals.js";
import { navigate, paths } from "../router.js";
import { toast } from "../ui/toast.js";
import { datasetFromRuns, type RunCaseForm } from "./datasetRequest.js";
import { FormDialog } from "./FormDialog.js";
import { preview } from "./format.js";

export function MakeDatasetDialog({ runs, onClose }: { runs: readonly RunSummary[]; onClose: () => void }) {
  const [name, setName] = useState("");
  const [rows, setRows] = useState<RunCaseForm[]>(() => runs.map((r) => ({ runId: r.id, input: r.input, outcome: "", output: "" })));
  const set = (i: number, patch: Partial<RunCaseForm>) => setRows((all) => all.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  const submit = async () => {
    if (!name.trim()) throw new ApiError(422, "invalid", "Give the dataset a name.", "name");
    const dataset = await evalsApi.createDataset(datasetFromRuns(name, rows));
    toast("success", `Made dataset "${dataset.name}" of ${dataset.cases} cases`);
    navigate(paths.dataset(dataset.id));
  };

  return (
    <FormDialog
      title={`Make a dataset of ${runs.length === 1 ? "1 run" : `${runs.length} runs`}`}
      className="dataset-dialog"
      submitLabel="Make dataset"
      busyLabel="Making…"
      submit={submit}
      onClose={onClose}
    >
      <p className="muted small">Each run becomes a case: its input, and its model replies and people's answers as recorded. Say what a case should give, or leave it blank.</p>
      <label className="field">
        <span>Name</span>
        <input className="input" value={name} required onChange={(e) => setName(e.target.value)} />
      </label>
      <ol className="dataset-cases">
        {rows.map((row, i) => (
          <li key={row.runId}>
            <fieldset className="fork-section">
              <legend title={row.input}>
                <span className="mono small">{row.runId.slice(0, 8)}</span> {preview(row.input, 60)}
              </legend>
              <div className="field-row">
                <label className="field field-narrow">
                  <span>Expected outcome</span>
                  <input className="input" value={row.outcome} placeholder="e.g. approve" onChange={(e) => set(i, { outcome: e.target.value })} />
                </label>
                <label className="field field-grow">
                  <span>Expected output</span>
                  <textarea className="input" rows={1} value={row.output} onChange={(e) => set(i, { output: e.target.value })} />
                </label>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
    </FormDialog>
  );
}
