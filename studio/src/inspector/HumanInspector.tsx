import type { HumanNode } from "@tandem/shared";
import { renameChoice, updateNodeData } from "../flow/edits.js";
import { uniqueId } from "../flow/ids.js";
import { edit } from "../stores/document.js";
import { PlusIcon, TrashIcon } from "../ui/icons.js";
import { Checkbox, NumberInput, Select, TextArea, TextInput } from "./fields.js";
import { NodeHeader } from "./NodeHeader.js";
import { ProblemList } from "./ProblemList.js";
import { fieldError, useElementProblems } from "./problems.js";

type Data = HumanNode["data"];

export function HumanInspector({ node }: { node: HumanNode }) {
  const problems = useElementProblems("node", node.id);
  const { data } = node;
  const set = <K extends keyof Data>(field: K, value: Data[K]) =>
    edit((f) => updateNodeData(f, node.id, { [field]: value } as Partial<Data>), `${node.id}.${field}`);
  const addChoice = () => set("choices", [...data.choices, uniqueId("choice", new Set(data.choices))]);
  const removeChoice = (index: number) => {
    const removed = data.choices[index];
    edit((f) =>
      updateNodeData(f, node.id, {
        choices: data.choices.filter((_, i) => i !== index),
        defaultChoice: data.defaultChoice === removed ? undefined : data.defaultChoice,
      }),
    );
  };
  const choicesError = fieldError(problems, "data.choices");
  return (
    <div className="inspector-body">
      <NodeHeader node={node} />
      <p className="inspector-note human-note">The run stops here until a person answers — in the studio, the terminal or over HTTP.</p>
      <ProblemList problems={problems} />
      <TextInput label="Name" value={data.name} onChange={(v) => set("name", v)} error={fieldError(problems, "data.name")} />
      <TextArea label="Instructions" value={data.instructions} onChange={(v) => set("instructions", v)} rows={4} placeholder="What should the person check or decide?" />
      <fieldset className={choicesError ? "field has-error" : "field"}>
        <legend>Choices</legend>
        <ol className="choice-list">
          {data.choices.map((choice, i) => (
            <li key={i}>
              <input
                className="input"
                value={choice}
                aria-label={`Choice ${i + 1}`}
                onChange={(e) => edit((f) => renameChoice(f, node.id, i, e.target.value), `${node.id}.choices.${i}`)}
              />
              <button type="button" className="icon-btn" aria-label={`Remove choice ${choice || i + 1}`} onClick={() => removeChoice(i)}>
                <TrashIcon size={14} />
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="btn btn-sm" onClick={addChoice}>
          <PlusIcon size={14} /> Add choice
        </button>
        {choicesError ? <p className="field-error">{choicesError}</p> : <p className="field-hint">Edges can route on the choice made ("choice" condition).</p>}
      </fieldset>
      <Checkbox label="Free text allowed" checked={data.allowText} onChange={(v) => set("allowText", v)} hint="e.g. feedback for a revision" />
      <Checkbox label="May edit the last message" checked={data.allowEdit} onChange={(v) => set("allowEdit", v)} />
      <div className="field-row">
        <NumberInput label="Timeout (seconds)" value={data.timeoutSeconds} onChange={(v) => set("timeoutSeconds", v)} min={1} placeholder="none" error={fieldError(problems, "data.timeoutSeconds")} />
        <NumberInput label="Max visits" value={data.maxVisits} onChange={(v) => set("maxVisits", v)} min={1} integer placeholder="no limit" error={fieldError(problems, "data.maxVisits")} />
      </div>
      <Select
        label="Default choice"
        value={data.defaultChoice ?? ""}
        options={[{ value: "", label: "None" }, ...data.choices.filter(Boolean).map((c) => ({ value: c, label: c }))]}
        onChange={(v) => set("defaultChoice", v || undefined)}
        hint="Taken when the timeout expires."
        error={fieldError(problems, "data.defaultChoice")}
      />
    </div>
  );
}
