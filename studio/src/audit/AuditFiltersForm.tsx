// The audit's filters: a person (name or user id), a role, a flow, an action and a span of days.
import { AUDIT_ACTIONS, type FlowSummary } from "@tandem/shared";
import { useEffect, useState } from "react";
import { FlowSelect } from "../ui/FlowSelect.js";
import type { AuditFilters } from "./query.js";

/** Typing a name waits this long before asking the server. */
const TYPING_DELAY_MS = 250;

interface Props {
  filters: AuditFilters;
  flows: FlowSummary[];
  onChange: (patch: Partial<AuditFilters>) => void;
}

export function AuditFiltersForm({ filters, flows, onChange }: Props) {
  return (
    <form className="session-filters audit-filters" role="search" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
      <TypedField label="Person" placeholder="Name or user id" value={filters.person} onChange={(person) => onChange({ person })} />
      <TypedField label="Role" placeholder="e.g. legal" value={filters.role} onChange={(role) => onChange({ role })} />
      <FlowSelect flows={flows} value={filters.flow} onChange={(flow) => onChange({ flow })} />
      <label className="field">
        <span>Action</span>
        <select className="input" value={filters.action} onChange={(e) => onChange({ action: e.target.value as AuditFilters["action"] })}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>From</span>
        <input className="input" type="date" value={filters.from} onChange={(e) => onChange({ from: e.target.value })} />
      </label>
      <label className="field">
        <span>To</span>
        <input className="input" type="date" value={filters.to} onChange={(e) => onChange({ to: e.target.value })} />
      </label>
    </form>
  );
}

/** A text filter that applies once typing pauses, and follows the address (Back, Forward). */
function TypedField({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    setText(value);
  }, [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <label className="field field-grow">
      <span>{label}</span>
      <input className="input" type="search" value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} />
    </label>
  );
}
