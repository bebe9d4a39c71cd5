// Run evaluation: a flow version against this dataset, with its model replies recorded or live,
// people's answers recorded or simulated, the scorers and a threshold; then its report opens.
import { useState, type ReactNode } from "react";
import { ApiError } from "../api/client.js";
import { evalsApi } from "../api/evals.js";
import { useFlowList } from "../api/useFlowList.js";
import { ModelField } from "../inspector/ModelField.js";
import { navigate, paths } from "../router.js";
import { FlowSelect } from "../ui/FlowSelect.js";
import { emptyForm, evaluationRequest, PLAIN_SCORERS, type EvaluationForm } from "./evaluationForm.js";
import { FormDialog } from "./FormDialog.js";
import { SCORER_LABEL } from "./format.js";

interface Props {
  datasetId: string;
  /** Some case has a recording to replay. */
  recorded: boolean;
  onClose: () => void;
}

export function RunEvaluationDialog({ datasetId, recorded, onClose }: Props) {
  const flows = useFlowList();
  const [form, setForm] = useState<EvaluationForm>(() => emptyForm(recorded));
  const set = (patch: Partial<EvaluationForm>) => setForm((f) => ({ ...f, ...patch }));
  const flow = flows.find((f) => f.id === form.flowId);

  const submit = async () => {
    const made = evaluationRequest(datasetId, form);
    if (!made.ok) throw new ApiError(422, "invalid", made.message, made.field);
    const started = await evalsApi.start(made.request);
    navigate(paths.evaluation(started.id));
  };

  return (
    <FormDialog title="Run evaluation" className="eval-dialog" submitLabel="Run evaluation" busyLabel="Starting…" submit={submit} onClose={onClose}>
      <div className="field-row">
        <FlowSelect flows={flows} value={form.flowId} none="Pick a flow" onChange={(flowId) => set({ flowId, version: String(flows.find((f) => f.id === flowId)?.version ?? "") })} />
        <label className="field field-narrow">
          <span>Version</span>
          <select className="input" value={form.version} disabled={!flow} onChange={(e) => set({ version: e.target.value })}>
            {flow &&
              Array.from({ length: flow.version }, (_, i) => flow.version - i).map((v) => (
                <option key={v} value={v}>
                  v{v}
                  {v === flow.version ? " (latest)" : ""}
                </option>
              ))}
          </select>
        </label>
      </div>

      <Choice legend="Model replies" name="models" value={form.models} onChange={(models) => set({ models })} options={{ recorded: "From the recording (hermetic)", live: "Live model" }}>
        {!recorded && <p className="small muted">These cases have no recording: their model replies come from a live model.</p>}
        {form.models === "live" && <ModelField label="Model" value={form.model} onChange={(model) => set({ model })} hint="Blank: each agent's own model." placeholder="each agent's own" />}
      </Choice>

      <Choice legend="People's answers" name="people" value={form.people} onChange={(people) => set({ people })} options={{ recorded: "From the recording", simulated: "A simulated person" }}>
        {form.people === "simulated" && (
          <label className="field">
            <span>Instructions for the simulated person</span>
            <textarea className="input" rows={2} value={form.instructions} placeholder="e.g. Approve drafts under 100 words; otherwise ask for a shorter one." onChange={(e) => set({ instructions: e.target.value })} />
          </label>
        )}
      </Choice>

      <fieldset className="fork-section">
        <legend>Scorers</legend>
        <div className="eval-scorers">
          {PLAIN_SCORERS.map((kind) => (
            <label key={kind} className="field-check">
              <input type="checkbox" checked={form.plain[kind]} onChange={(e) => set({ plain: { ...form.plain, [kind]: e.target.checked } })} /> {SCORER_LABEL[kind]}
            </label>
          ))}
        </div>
        {(["steps", "tokens"] as const).map((kind) => (
          <div key={kind} className="eval-scorer-row">
            <label className="field-check">
              <input type="checkbox" checked={form[kind].on} onChange={(e) => set({ [kind]: { ...form[kind], on: e.target.checked } })} /> {SCORER_LABEL[kind]}, at most
            </label>
            <input
              className="input eval-max"
              inputMode="numeric"
              aria-label={`Most ${kind}`}
              value={form[kind].max}
              disabled={!form[kind].on}
              onChange={(e) => set({ [kind]: { ...form[kind], max: e.target.value } })}
            />
          </div>
        ))}
        <label className="field-check">
          <input type="checkbox" checked={form.judge.on} onChange={(e) => set({ judge: { ...form.judge, on: e.target.checked } })} /> {SCORER_LABEL.judge}
        </label>
        {form.judge.on && (
          <>
            <label className="field">
              <span>Rubric</span>
              <textarea className="input" rows={2} value={form.judge.rubric} onChange={(e) => set({ judge: { ...form.judge, rubric: e.target.value } })} />
            </label>
            <ModelField label="Judge model" value={form.judge.model} onChange={(model) => set({ judge: { ...form.judge, model } })} placeholder="the server's default" />
          </>
        )}
      </fieldset>

      <label className="field field-narrow">
        <span>Threshold (%)</span>
        <input className="input" inputMode="decimal" value={form.threshold} placeholder="none" onChange={(e) => set({ threshold: e.target.value })} />
      </label>

    </FormDialog>
  );
}

/** A pick of one of two or more ways, as radio buttons, with what the picked one needs below. */
function Choice<K extends string>({ legend, name, value, options, onChange, children }: { legend: string; name: string; value: K; options: Record<K, string>; onChange: (value: K) => void; children?: ReactNode }) {
  return (
    <fieldset className="fork-section">
      <legend>{legend}</legend>
      <div className="outcome-row" role="radiogroup" aria-label={legend}>
        {(Object.keys(options) as K[]).map((key) => (
          <label key={key} className="radio">
            <input type="radio" name={name} checked={value === key} onChange={() => onChange(key)} />
            {options[key]}
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}
