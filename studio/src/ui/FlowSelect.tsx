// A list filter's flow picker: all flows, or one saved flow by id.
import type { FlowSummary } from "@tandem/shared";

export function FlowSelect({ flows, value, onChange }: { flows: FlowSummary[]; value: string; onChange: (flowId: string) => void }) {
  return (
    <label className="field">
      <span>Flow</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All flows</option>
        {flows.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
    </label>
  );
}
