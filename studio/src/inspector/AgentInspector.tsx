import type { AgentNode } from "@tandem/shared";
import { updateNodeData } from "../flow/edits.js";
import { parseScript, scriptText } from "../flow/script.js";
import { edit } from "../stores/document.js";
import { NumberInput, TextArea, TextInput } from "./fields.js";
import { ModelField } from "./ModelField.js";
import { NodeHeader } from "./NodeHeader.js";
import { OutcomesEditor } from "./OutcomesEditor.js";
import { OutputSchemaEditor } from "./OutputSchemaEditor.js";
import { ProblemList } from "./ProblemList.js";
import { fieldError, useElementProblems } from "./problems.js";
import { ToolsEditor } from "./ToolsEditor.js";

const TOOL_STEP_HINT = ' A reply that calls tools first is written as JSON: {"calls": [{"tool": "search", "arguments": {…}}], "reply": "… {{result}}"}.';

const TIMEOUTS = [
  ["connectTimeoutSeconds", "Connect timeout (s)"],
  ["firstTokenTimeoutSeconds", "First token timeout (s)"],
  ["betweenTokensTimeoutSeconds", "Between tokens timeout (s)"],
] as const;

export function AgentInspector({ node }: { node: AgentNode }) {
  const problems = useElementProblems("node", node.id);
  const set = (field: keyof AgentNode["data"], value: AgentNode["data"][typeof field]) =>
    edit((f) => updateNodeData(f, node.id, { [field]: value }), `${node.id}.${field}`);
  const { data } = node;
  return (
    <div className="inspector-body">
      <NodeHeader node={node} />
      <ProblemList problems={problems} />
      <TextInput label="Name" value={data.name} onChange={(v) => set("name", v)} error={fieldError(problems, "data.name")} hint="How this agent appears in the transcript." />
      <ModelField label="Model" value={data.model} onChange={(v) => set("model", v)} error={fieldError(problems, "data.model")} />
      <TextArea label="System message" value={data.systemMessage} onChange={(v) => set("systemMessage", v)} rows={7} placeholder="You are…" />
      <OutcomesEditor node={node} problems={problems} hint="Optional. When edges route on them, a judge reads which one the reply means." />
      <div className="field-row">
        <NumberInput label="Temperature" value={data.temperature} onChange={(v) => set("temperature", v)} min={0} max={2} step={0.1} placeholder="provider default" error={fieldError(problems, "data.temperature")} />
        <NumberInput label="Max tokens" value={data.maxTokens} onChange={(v) => set("maxTokens", v)} min={1} max={1_000_000} integer placeholder="provider default" error={fieldError(problems, "data.maxTokens")} />
      </div>
      <NumberInput label="Max visits" value={data.maxVisits} onChange={(v) => set("maxVisits", v)} min={1} integer placeholder="no limit" error={fieldError(problems, "data.maxVisits")} />
      <ToolsEditor node={node} problems={problems} />
      <OutputSchemaEditor node={node} problems={problems} />
      <details className="inspector-more" open={data.script !== undefined}>
        <summary>Offline replies</summary>
        <TextArea
          label="Scripted replies"
          value={scriptText(data.script)}
          onChange={(v) => set("script", parseScript(v))}
          rows={5}
          hint={`Used in turn, one per visit, when runs use the scripted model. Separate replies with a line of ---.${data.tools ? TOOL_STEP_HINT : ""}`}
        />
      </details>
      <details className="inspector-more" open={TIMEOUTS.some(([field]) => data[field] !== undefined)}>
        <summary>Advanced</summary>
        <p className="field-hint">How long a call waits on a silent model before it is retried. Empty: the server's default.</p>
        {TIMEOUTS.map(([field, label]) => (
          <NumberInput key={field} label={label} value={data[field]} onChange={(v) => set(field, v)} min={0} step={1} placeholder="server default" error={fieldError(problems, `data.${field}`)} />
        ))}
      </details>
    </div>
  );
}
