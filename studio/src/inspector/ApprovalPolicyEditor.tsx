// When a person must approve a tool's call: never, always, or when a condition on the call's
// arguments holds ("amount > 100"), the argument picked from the tool's schema when it is known.
import type { ApprovalPolicy } from "@tandem/shared";
import { schemaFields } from "../flow/schemaFields.js";
import { firstCondition } from "../flow/tools.js";
import { FieldConditionEditor } from "./FieldConditionEditor.js";
import { Select } from "./fields.js";

const MODES = [
  { value: "always", label: "Always" },
  { value: "when", label: "When an argument…" },
  { value: "never", label: "Never" },
] as const;

const HINTS: Record<ApprovalPolicy["mode"], string> = {
  always: "A person approves every call before it is made.",
  when: "A person approves the calls whose arguments meet the condition; others are made at once.",
  never: "Calls are made at once: for tools that only read.",
};

interface Props {
  policy: ApprovalPolicy;
  /** The tool's argument schema, when its server lists it. */
  parameters: Record<string, unknown> | undefined;
  /** merge: a keystroke that joins the previous undo step. */
  onChange: (next: ApprovalPolicy, merge?: boolean) => void;
  pathError?: string;
  valueError?: string;
}

export function ApprovalPolicyEditor({ policy, parameters, onChange, pathError, valueError }: Props) {
  const fields = schemaFields(parameters);
  return (
    <>
      <Select
        label="Approval"
        value={policy.mode}
        options={MODES}
        onChange={(mode) => onChange(mode === "when" ? firstCondition(fields) : { mode })}
        hint={HINTS[policy.mode]}
      />
      {policy.mode === "when" && (
        <FieldConditionEditor
          when={policy}
          fields={fields}
          onChange={onChange}
          pathError={pathError}
          valueError={valueError}
          label="Argument"
          placeholder="amount or customer.tier"
          noFieldsHint="The tool's arguments can be picked here once its server lists it."
        />
      )}
    </>
  );
}
