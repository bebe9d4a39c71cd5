// An agent's tools: the ones it may call, each with when a person approves a call and how long
// a call may take; a picker of what this server and the flow offer; the limit on calls per visit.
// The server's catalog is asked for only once a tool is listed or the picker is open.
import { DEFAULT_MAX_TOOL_CALLS, DEFAULT_TOOL_TIMEOUT_SECONDS, toolNameOf, type AgentNode, type Problem, type ToolSpec, type ToolUse } from "@tandem/shared";
import { useState } from "react";
import { useTools } from "../api/useTools.js";
import { updateNodeData } from "../flow/edits.js";
import { lookupTool, newToolUse, parametersOf, setToolUses, toolGroups } from "../flow/tools.js";
import { edit, useDocument } from "../stores/document.js";
import { PlusIcon, TrashIcon, WarningIcon } from "../ui/icons.js";
import { ApprovalPolicyEditor } from "./ApprovalPolicyEditor.js";
import { AssigneesEditor } from "./AssigneesEditor.js";
import { NumberInput } from "./fields.js";
import { fieldError } from "./problems.js";

interface Props {
  node: AgentNode;
  problems: readonly Problem[];
}

export function ToolsEditor({ node, problems }: Props) {
  const [picking, setPicking] = useState(false);
  const uses = node.data.tools ?? [];
  const set = (next: ToolUse[], merge?: string) => edit((f) => setToolUses(f, node.id, next), merge);
  const listError = fieldError(problems, "data.tools");
  return (
    <fieldset className={listError ? "field tools-editor has-error" : "field tools-editor"}>
      <legend>Tools</legend>
      {uses.length === 0 && <p className="field-hint">Let the agent act: pick the tools it may call, and when a person must approve a call.</p>}
      <ol className="tool-uses">
        {uses.map((use, i) => (
          <ToolUseItem
            key={`${i}:${use.ref}`}
            use={use}
            problems={problems}
            at={`data.tools[${i}]`}
            onChange={(next, merge) => set(uses.map((u, j) => (j === i ? next : u)), merge ? `${node.id}.tools.${i}.${merge}` : undefined)}
            onRemove={() => set(uses.filter((_, j) => j !== i))}
          />
        ))}
      </ol>
      {picking ? (
        <ToolPicker chosen={uses.map((u) => u.ref)} onAdd={(ref) => set([...uses, newToolUse(ref)])} onDone={() => setPicking(false)} />
      ) : (
        <button type="button" className="btn btn-sm" onClick={() => setPicking(true)}>
          <PlusIcon size={14} /> Add a tool
        </button>
      )}
      {listError && <p className="field-error">{listError}</p>}
      {(uses.length > 0 || node.data.maxToolCalls !== undefined) && (
        <NumberInput
          label="Max tool calls"
          value={node.data.maxToolCalls}
          min={1}
          integer
          placeholder={`${DEFAULT_MAX_TOOL_CALLS} (default)`}
          onChange={(maxToolCalls) => edit((f) => updateNodeData(f, node.id, { maxToolCalls }), `${node.id}.maxToolCalls`)}
          hint="Calls in one visit; once reached, the agent answers without tools."
          error={fieldError(problems, "data.maxToolCalls")}
        />
      )}
    </fieldset>
  );
}

interface ItemProps {
  use: ToolUse;
  problems: readonly Problem[];
  /** The tool use's path in the node's problems: "data.tools[0]". */
  at: string;
  /** merge: the part being typed in, so that its keystrokes make one undo step. */
  onChange: (next: ToolUse, merge?: string) => void;
  onRemove: () => void;
}

/** One chosen tool: what it is (or why it cannot be called now), its approval and its timeout. */
function ToolUseItem({ use, problems, at, onChange, onRemove }: ItemProps) {
  const httpTools = useDocument((s) => s.flow.httpTools);
  const catalog = useTools().tools?.catalog;
  const { spec, warning } = lookupTool(use.ref, httpTools, catalog);
  const error = (field: string) => fieldError(problems, `${at}.${field}`);
  const refError = error("ref");
  return (
    <li className="tool-use" aria-label={`Tool ${use.ref}`}>
      <div className="tool-use-head">
        <span className="tool-title">
          <span className="tool-name">{spec?.name ?? toolNameOf(use.ref)}</span>
          <code className="tool-ref">{use.ref}</code>
        </span>
        <button type="button" className="icon-btn" aria-label={`Remove tool ${use.ref}`} onClick={onRemove}>
          <TrashIcon size={14} />
        </button>
      </div>
      {spec?.description && <p className="field-hint">{spec.description}</p>}
      {refError ? (
        <p className="field-error">{refError}</p>
      ) : (
        warning && (
          <p className="tool-warning" role="note">
            <WarningIcon size={14} /> <span>{warning}</span>
          </p>
        )
      )}
      <ApprovalPolicyEditor
        policy={use.approval}
        parameters={spec?.parameters}
        onChange={(approval, merge) => onChange({ ...use, approval }, merge ? "approval" : undefined)}
        pathError={error("approval.path") ?? error("approval")}
        valueError={error("approval.value")}
      />
      {use.approval.mode !== "never" && (
        <AssigneesEditor
          label="Approvers"
          value={use.approvers}
          onChange={(approvers) => {
            const { approvers: _, ...rest } = use;
            onChange(approvers ? { ...rest, approvers } : rest);
          }}
          hint="Who may approve its calls (and admins). None: anyone who may answer questions."
          error={error("approvers")}
        />
      )}
      <NumberInput
        label="Timeout (s)"
        value={use.timeoutSeconds}
        min={1}
        placeholder={`${DEFAULT_TOOL_TIMEOUT_SECONDS} (default)`}
        onChange={(timeoutSeconds) => {
          const { timeoutSeconds: _, ...rest } = use;
          onChange(timeoutSeconds === undefined ? rest : { ...rest, timeoutSeconds }, "timeout");
        }}
        error={error("timeoutSeconds")}
      />
    </li>
  );
}

/** What can be added: each MCP server with its state and tools, the flow's HTTP tools, code tools. */
function ToolPicker({ chosen, onAdd, onDone }: { chosen: readonly string[]; onAdd: (ref: string) => void; onDone: () => void }) {
  const httpTools = useDocument((s) => s.flow.httpTools);
  const { tools: loaded, reload } = useTools();
  return (
    <div className="tool-picker" role="group" aria-label="Add a tool">
      <div className="tool-picker-head">
        <h3 className="field-label">Add a tool</h3>
        <button type="button" className="btn btn-sm btn-ghost" onClick={reload}>
          Refresh
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onDone}>
          Done
        </button>
      </div>
      {!loaded ? (
        <p className="field-hint" role="status">
          Asking the server for its tools…
        </p>
      ) : (
        loaded.error && (
          <p className="field-error" role="alert">
            The server's tools cannot be listed: {loaded.error}
          </p>
        )
      )}
      {toolGroups(httpTools, loaded?.catalog).map((group) => (
        <section key={group.title} className="tool-group" aria-label={group.title}>
          <h4 className="tool-group-title">
            {group.title}
            {group.status && <span className={`chip tool-status-${group.status}`}>{group.status}</span>}
          </h4>
          {group.error && <p className="field-error">{group.error}</p>}
          {group.tools.length === 0 ? (
            <p className="field-hint">{group.empty}</p>
          ) : (
            <ul className="tool-choices">
              {group.tools.map(({ ref, spec }) => {
                const added = chosen.includes(ref);
                return (
                  <li key={ref} className="tool-choice">
                    <ToolCard spec={spec} />
                    <button type="button" className="btn btn-sm" aria-label={`Add ${ref}`} disabled={added} onClick={() => onAdd(ref)}>
                      {added ? "Added" : <><PlusIcon size={14} /> Add</>}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}

/** A tool as the picker shows it: name, description, and each argument with its type. */
function ToolCard({ spec }: { spec: ToolSpec }) {
  const parameters = parametersOf(spec.parameters);
  return (
    <div className="tool-card">
      <span className="tool-name">{spec.name}</span>
      {spec.description && <p className="field-hint">{spec.description}</p>}
      {parameters.length === 0 ? (
        <p className="field-hint">No arguments.</p>
      ) : (
        <dl className="tool-params" aria-label={`Arguments of ${spec.name}`}>
          {parameters.map((p) => (
            <div key={p.name}>
              <dt>
                <code>{p.name}</code> <span className="muted">{p.type}{p.required ? "" : ", optional"}</span>
              </dt>
              {p.description && <dd>{p.description}</dd>}
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
