// A flow picker: a list filter's (all flows, or one saved flow by id), or a form's (`none` says to pick one).
import type { FlowSummary } from "@tandem/shared";

interface Props {
  flows: FlowSummary[];
  value: string;
  onChange: (flowId: string) => void;
  /** What no flow picked says. */
  none?: string;
}

export function FlowSelect({ flows, value, onChange, none = "All flows" }: Props) {
  return (
    <label className="field">
      <span>Flow</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{none}</option>
        {flows.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
    </label>
  );
}
