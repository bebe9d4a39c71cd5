// What happens while nobody answers a question: ordered steps, each "after N minutes/hours" from
// when it was asked — remind its people, reassign it to others, or take the node's default.
import type { EscalationStep, Problem } from "@tandem/shared";
import { splitDuration, toSeconds, type TimeUnit } from "../flow/people.js";
import { PlusIcon, TrashIcon } from "../ui/icons.js";
import { AssigneesEditor } from "./AssigneesEditor.js";
import { NumberInput, Select } from "./fields.js";
import { fieldError } from "./problems.js";

type Action = EscalationStep["action"];

const ACTIONS: { value: Action; label: string }[] = [
  { value: "remind", label: "Remind" },
  { value: "reassign", label: "Reassign to…" },
  { value: "default", label: "Take the default" },
];

const UNITS: { value: TimeUnit; label: string }[] = [
  { value: "minutes", label: "minutes" },
  { value: "hours", label: "hours" },
];

interface Props {
  steps: readonly EscalationStep[];
  onChange: (next: EscalationStep[] | undefined, merge?: string) => void;
  problems: readonly Problem[];
  /** The node's default outcome, which a "default" step takes. */
  defaultOutcome: string | undefined;
}

function withAction(step: EscalationStep, action: Action): EscalationStep {
  const { afterSeconds } = step;
  return action === "reassign" ? { action, afterSeconds, assignees: { users: [], roles: [] } } : { action, afterSeconds };
}

export function EscalationEditor({ steps, onChange, problems, defaultOutcome }: Props) {
  const set = (i: number, step: EscalationStep, merge?: string) => onChange(steps.map((s, j) => (j === i ? step : s)), merge);
  // A new step comes an hour after the last one.
  const add = () => onChange([...steps, { action: steps.length ? "default" : "remind", afterSeconds: (steps[steps.length - 1]?.afterSeconds ?? 0) + 3600 }]);
  const chainError = fieldError(problems, "data.escalation");
  const error = (i: number, field?: string) => fieldError(problems, `data.escalation[${i}]${field ? `.${field}` : ""}`);
  return (
    <fieldset className="field">
      <legend>Escalation</legend>
      {steps.length > 0 && (
        <ol className="escalation-steps">
          {steps.map((step, i) => {
            const { amount, unit } = splitDuration(step.afterSeconds);
            return (
              <li key={i} className="escalation-step" aria-label={`Escalation step ${i + 1}`}>
                <div className="field-row">
                  <Select label={`Step ${i + 1}`} value={step.action} options={ACTIONS} onChange={(a) => set(i, withAction(step, a))} />
                  <NumberInput
                    label="After"
                    value={amount}
                    min={0}
                    optional={false}
                    onChange={(n) => n !== undefined && set(i, { ...step, afterSeconds: toSeconds(n, unit) }, `escalation.${i}.after`)}
                    error={error(i, "afterSeconds")}
                  />
                  <Select label="Unit" value={unit} options={UNITS} onChange={(u) => set(i, { ...step, afterSeconds: toSeconds(amount, u) })} />
                  <button type="button" className="icon-btn escalation-remove" aria-label={`Remove step ${i + 1}`} onClick={() => onChange(steps.length > 1 ? steps.filter((_, j) => j !== i) : undefined)}>
                    <TrashIcon size={14} />
                  </button>
                </div>
                {step.action === "reassign" && (
                  <AssigneesEditor
                    label={`Step ${i + 1} goes to`}
                    value={step.assignees}
                    onChange={(assignees) => set(i, { ...step, assignees: assignees ?? { users: [], roles: [] } })}
                    hint="Who the question is for from then on."
                    error={error(i, "assignees")}
                  />
                )}
                {step.action === "default" && (
                  <p className={defaultOutcome ? "field-hint" : "field-error"}>{defaultOutcome ? `Takes “${defaultOutcome}”.` : "Pick a default outcome for this step to take."}</p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <button type="button" className="btn btn-sm" onClick={add}>
        <PlusIcon size={14} /> Add step
      </button>
      <p className={chainError ? "field-error" : "field-hint"}>{chainError ?? "Each step counts from when the question was asked, and fires once. Instead of a timeout."}</p>
    </fieldset>
  );
}
