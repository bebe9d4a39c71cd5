import { Flow as FlowSchema } from "@tandem/shared";
import { useValidation } from "../canvas/validation.js";
import { updateSettings } from "../flow/edits.js";
import { edit, useDocument } from "../stores/document.js";
import { NumberInput, TextArea, TextInput } from "./fields.js";
import { HttpToolsEditor } from "./HttpToolsEditor.js";
import { InputFormEditor } from "./InputFormEditor.js";
import { fieldError } from "./problems.js";

/** A budget the flow takes, by the flow's own schema: the field refuses what a save would. */
function budgetProblem(usd: number): string | undefined {
  if (usd <= 0) return "expected an amount above $0";
  const issue = FlowSchema.shape.budgetUsd.safeParse(usd).error?.issues[0];
  return issue?.code === "too_big" ? `expected at most $${Number(issue.maximum).toLocaleString("en")}` : issue?.message;
}

/** Shown when nothing is selected: the flow's own settings. */
export function FlowInspector() {
  const flow = useDocument((s) => s.flow);
  const problems = useValidation((c) => c.problems);
  return (
    <div className="inspector-body">
      <div className="inspector-head">
        <div>
          <h2 className="panel-title">Flow settings</h2>
          <p className="muted small">
            {flow.nodes.length} nodes · {flow.edges.length} edges
          </p>
        </div>
      </div>
      <TextInput label="Name" value={flow.name} onChange={(name) => edit((f) => updateSettings(f, { name }), "flow.name")} error={fieldError(problems, "name") ?? problems.find((p) => p.path === "name")?.message} />
      <TextArea
        label="Description"
        value={flow.description ?? ""}
        onChange={(v) => edit((f) => updateSettings(f, { description: v || undefined }), "flow.description")}
        rows={3}
      />
      <NumberInput
        label="Max steps"
        value={flow.maxSteps}
        optional={false}
        integer
        min={1}
        onChange={(maxSteps) => maxSteps !== undefined && edit((f) => updateSettings(f, { maxSteps }), "flow.maxSteps")}
        hint="Agent and human turns a run may take in all; bounds every loop."
        error={problems.find((p) => p.path === "maxSteps")?.message}
      />
      <NumberInput
        label="Budget (US $)"
        value={flow.budgetUsd}
        min={0}
        step={0.01}
        placeholder="none"
        check={budgetProblem}
        onChange={(budgetUsd) => edit((f) => updateSettings(f, { budgetUsd }), "flow.budgetUsd")}
        hint="A run stops to ask a person once its model calls cost this much. Empty: no budget."
        error={problems.find((p) => p.path === "budgetUsd")?.message}
      />
      <InputFormEditor problems={problems} />
      <HttpToolsEditor problems={problems} />
      <div className="inspector-tips">
        <h3 className="field-label">Keys</h3>
        <dl>
          <dt>Ctrl/⌘ S</dt>
          <dd>save a new version</dd>
          <dt>Ctrl/⌘ Z, Shift Z</dt>
          <dd>undo, redo</dd>
          <dt>Ctrl/⌘ C, V</dt>
          <dd>copy, paste nodes</dd>
          <dt>Delete</dt>
          <dd>remove the selection</dd>
          <dt>Tab, arrows</dt>
          <dd>go to a node, move it</dd>
          <dt>Shift drag</dt>
          <dd>select several</dd>
        </dl>
      </div>
    </div>
  );
}
