// Agents' settings in a fork: system message, model and temperature, as the run had them,
// for every agent (in folds) or for the one agent being re-run.
import type { RunState } from "@tandem/shared";
import { useModels } from "../api/useModels.js";
import type { ForkForm, NodeSettings } from "./forkRequest.js";

interface Props {
  state: RunState;
  form: ForkForm;
  setForm: (update: (form: ForkForm) => ForkForm) => void;
  /** Only this agent's settings, shown open. */
  only?: string;
}

export function NodeFields({ state, form, setForm, only }: Props) {
  const models = useModels();
  const agents = state.flow.nodes.filter((n) => n.type === "agent" && (only === undefined || n.id === only));
  if (!agents.length) return null;
  const set = (id: string, patch: Partial<NodeSettings>) => setForm((f) => ({ ...f, nodes: new Map(f.nodes).set(id, { ...f.nodes.get(id)!, ...patch }) }));
  return (
    <fieldset className="fork-section">
      <legend>{only === undefined ? "Agent settings" : `${agents[0]!.data.name}'s settings`}</legend>
      <datalist id="fork-models">
        {models?.models.map((m) => <option key={m.id} value={m.id} label={m.label} />)}
      </datalist>
      {agents.map((n) => {
        const s = form.nodes.get(n.id)!;
        return (
          <details key={n.id} className="fork-node" open={only !== undefined}>
            <summary>{n.data.name}</summary>
            <label className="field">
              <span>System message</span>
              <textarea className="input" rows={3} value={s.systemMessage} onChange={(e) => set(n.id, { systemMessage: e.target.value })} />
            </label>
            <div className="field-row">
              <label className="field">
                <span>Model</span>
                <input className="input mono" list="fork-models" value={s.model} onChange={(e) => set(n.id, { model: e.target.value })} />
              </label>
              <label className="field field-narrow">
                <span>Temperature</span>
                <input className="input" type="number" min={0} max={2} step={0.1} value={s.temperature} onChange={(e) => set(n.id, { temperature: e.target.value })} />
              </label>
            </div>
          </details>
        );
      })}
    </fieldset>
  );
}
