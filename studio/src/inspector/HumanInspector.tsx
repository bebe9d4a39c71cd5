import { READING_WINDOW_SECONDS, type HumanNode } from "@tandem/shared";
import { updateNodeData } from "../flow/edits.js";
import { edit } from "../stores/document.js";
import { Checkbox, NumberInput, Select, TextArea, TextInput } from "./fields.js";
import { AssigneesEditor } from "./AssigneesEditor.js";
import { EscalationEditor } from "./EscalationEditor.js";
import { ModelField } from "./ModelField.js";
import { NodeHeader } from "./NodeHeader.js";
import { OutcomesEditor } from "./OutcomesEditor.js";
import { QuorumEditor } from "./QuorumEditor.js";
import { ProblemList } from "./ProblemList.js";
import { fieldError, useElementProblems } from "./problems.js";

type Data = HumanNode["data"];

export function HumanInspector({ node }: { node: HumanNode }) {
  const problems = useElementProblems("node", node.id);
  const { data } = node;
  const set = <K extends keyof Data>(field: K, value: Data[K], merge: string | undefined = `${node.id}.${field}`) =>
    edit((f) => updateNodeData(f, node.id, { [field]: value } as Partial<Data>), merge);
  return (
    <div className="inspector-body">
      <NodeHeader node={node} />
      <p className="inspector-note human-note">The run stops here until a person answers — in the studio, the terminal or over HTTP.</p>
      <ProblemList problems={problems} />
      <TextInput label="Name" value={data.name} onChange={(v) => set("name", v)} error={fieldError(problems, "data.name")} />
      <TextArea label="Instructions" value={data.instructions} onChange={(v) => set("instructions", v)} rows={4} placeholder="What should the person check or decide?" />
      <OutcomesEditor
        node={node}
        problems={problems}
        hint="The person picks one, or answers in words and a judge reads which one they meant. Edges route on them (“Outcome is…”)."
      />
      <AssigneesEditor
        label="Assignees"
        value={data.assignees}
        onChange={(v) => set("assignees", v, undefined)}
        hint="Who may answer (and admins). None: anyone who may answer questions."
        error={fieldError(problems, "data.assignees")}
      />
      <QuorumEditor node={node} onChange={(v) => set("quorum", v, `${node.id}.quorum`)} countError={fieldError(problems, "data.quorum.count")} outcomeError={fieldError(problems, "data.quorum.outcome") ?? fieldError(problems, "data.quorum")} />
      <Checkbox label="Free text allowed" checked={data.allowText} onChange={(v) => set("allowText", v)} hint="e.g. feedback for a revision" />
      <Checkbox label="May edit the last message" checked={data.allowEdit} onChange={(v) => set("allowEdit", v)} />
      <div className="field-row">
        <NumberInput label="Timeout (seconds)" value={data.timeoutSeconds} onChange={(v) => set("timeoutSeconds", v)} min={1} placeholder="none" error={fieldError(problems, "data.timeoutSeconds")} />
        <NumberInput label="Max visits" value={data.maxVisits} onChange={(v) => set("maxVisits", v)} min={1} integer placeholder="no limit" error={fieldError(problems, "data.maxVisits")} />
      </div>
      <Select
        label="Default outcome"
        value={data.defaultOutcome ?? ""}
        options={[{ value: "", label: "None" }, ...data.outcomes.filter((o) => o.name).map((o) => ({ value: o.name, label: o.name }))]}
        onChange={(v) => set("defaultOutcome", v || undefined)}
        hint="Taken when the timeout expires, or by an escalation's last step."
        error={fieldError(problems, "data.defaultOutcome")}
      />
      <EscalationEditor
        steps={data.escalation ?? []}
        onChange={(v, merge) => set("escalation", v, merge && `${node.id}.${merge}`)}
        problems={problems}
        defaultOutcome={data.defaultOutcome}
      />
      <fieldset className="field">
        <legend>Reading free text</legend>
        <NumberInput
          label="Reading window (seconds)"
          value={data.readingWindowSeconds}
          onChange={(v) => set("readingWindowSeconds", v)}
          min={0}
          placeholder={String(READING_WINDOW_SECONDS)}
          hint="How long the person sees how a reply was read and can correct it before the run goes on. 0: at once."
          error={fieldError(problems, "data.readingWindowSeconds")}
        />
        <Checkbox label="Confirm every reading" checked={data.confirmReadings ?? false} onChange={(v) => set("confirmReadings", v || undefined)} hint="wait for the person however long it takes" />
        <ModelField
          label="Judge model"
          value={data.judgeModel ?? ""}
          onChange={(v) => set("judgeModel", v.trim() ? v : undefined)}
          placeholder="the first agent's model"
          hint="Empty: the model of the flow's first agent."
          error={fieldError(problems, "data.judgeModel")}
        />
      </fieldset>
    </div>
  );
}
