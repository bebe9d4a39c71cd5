// Whether several people decide a question: off (the first answer decides), or a number of votes
// for one outcome ("2 approve"), any other outcome deciding at once.
import type { HumanNode, Quorum } from "@tandem/shared";
import { Checkbox, NumberInput, Select } from "./fields.js";

interface Props {
  node: HumanNode;
  onChange: (next: Quorum | undefined) => void;
  countError?: string;
  outcomeError?: string;
}

export function QuorumEditor({ node, onChange, countError, outcomeError }: Props) {
  const { quorum, outcomes } = node.data;
  const names = outcomes.map((o) => o.name).filter(Boolean);
  return (
    <fieldset className="field">
      <legend>Who decides</legend>
      <Checkbox
        label="Several people vote"
        checked={quorum !== undefined}
        onChange={(on) => onChange(on ? { count: 2, outcome: names[0] ?? "" } : undefined)}
        hint={quorum ? "any vote for another outcome decides at once" : "off: the first answer decides"}
      />
      {quorum && (
        <div className="field-row">
          <NumberInput label="Votes needed" value={quorum.count} min={2} max={50} integer optional={false} onChange={(count) => count !== undefined && onChange({ ...quorum, count })} error={countError} />
          <Select
            label="For the outcome"
            value={quorum.outcome}
            options={[...(names.includes(quorum.outcome) ? [] : [{ value: quorum.outcome, label: quorum.outcome || "Pick one" }]), ...names.map((n) => ({ value: n, label: n }))]}
            onChange={(outcome) => onChange({ ...quorum, outcome })}
            error={outcomeError ?? (names.length === 0 ? "add an outcome for the votes to count" : undefined)}
          />
        </div>
      )}
    </fieldset>
  );
}
