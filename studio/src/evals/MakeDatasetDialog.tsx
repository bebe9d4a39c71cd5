// Make dataset: the runs ticked in Sessions become a dataset's cases (their inputs, recorded model
// replies and people's answers), each with what it should give, optionally; then the dataset opens.
import type { RunSummary } from "@tandem/shared";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { evalsApi } from "../api/evals.js";
import { navigate, paths } from "../router.js";
import { toast } from "../ui/toast.js";
import { datasetFromRuns, type RunCaseForm } from "./datasetRequest.js";
import { FormError } from "./FormError.js";
import { preview } from "./format.js";

export function MakeDatasetDialog({ runs, onClose }: { runs: readonly RunSummary[]; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState("");
  const [rows, setRows] = useState<RunCaseForm[]>(() => runs.map((r) => ({ runId: r.id, input: r.input, outcome: "", output: "" })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const set = (i: number, patch: Partial<RunCaseForm>) => setRows((all) => all.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(new Error("Give the dataset a name."));
    setBusy(true);
    setError(null);
    try {
      const dataset = await evalsApi.createDataset(datasetFromRuns(name, rows));
      toast("success", `Made dataset "${dataset.name}" of ${dataset.cases} cases`);
      navigate(paths.dataset(dataset.id));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog dataset-dialog" aria-labelledby="dataset-title" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="dataset-title">Make a dataset of {runs.length === 1 ? "1 run" : `${runs.length} runs`}</h2>
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
        <FormError error={error} />
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Making…" : "Make dataset"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
