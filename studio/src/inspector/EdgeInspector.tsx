import { outcomesOf, type EdgeCondition, type Flow, type FlowEdge } from "@tandem/shared";
import { moveEdge, setCondition, siblings } from "../flow/edits.js";
import { edgeLabel } from "../flow/reactflow.js";
import { firstValue, schemaFields, type SchemaField } from "../flow/schemaFields.js";
import { edit, useDocument } from "../stores/document.js";
import { deleteSelection } from "../editor/commands.js";
import { select } from "../stores/ui.js";
import { ArrowDownIcon, ArrowUpIcon, TrashIcon } from "../ui/icons.js";
import { FieldConditionEditor } from "./FieldConditionEditor.js";
import { Select, TextInput } from "./fields.js";
import { ProblemList } from "./ProblemList.js";
import { fieldError, useElementProblems } from "./problems.js";

type Kind = EdgeCondition["kind"];

const KINDS: { value: Kind; label: string }[] = [
  { value: "outcome", label: "Outcome is…" },
  { value: "field", label: "Field of the reply…" },
  { value: "contains", label: "Last message contains…" },
  { value: "regex", label: "Last message matches regex…" },
  { value: "always", label: "Always" },
  { value: "otherwise", label: "Otherwise" },
  { value: "error", label: "On error (fallback)" },
  { value: "stuck", label: "On stuck (fallback)" },
];

const HINTS: Record<Kind, string> = {
  outcome: "Taken when the reply means this outcome: picked by the person, or read from their words by a judge they can correct.",
  field: "Compares a field of the agent's structured reply (its output schema) with a value.",
  contains: "Case-insensitive text search in the last message. On a person's own words prefer outcomes: “approve” also matches “not approved”.",
  regex: "Case-insensitive regular expression on the last message (RE2 syntax: no lookaround or backreferences, so it always runs in linear time).",
  always: "Always taken (when tried).",
  otherwise: "Taken when no earlier edge matched.",
  error: "Taken instead of failing the run when the agent's model keeps failing after its retries, or one of its tools fails: a person sees what happened and decides.",
  stuck: "Taken instead of failing the run when the agent is stuck (its maxVisits reached, or the run goes round without progress): a person sees what happened and decides.",
};

function conditionOf(kind: Kind, previous: EdgeCondition | undefined, outcomes: readonly string[], fields: readonly SchemaField[]): EdgeCondition | undefined {
  const value = previous && "value" in previous && typeof previous.value === "string" ? previous.value : "";
  switch (kind) {
    case "always":
      return undefined;
    case "otherwise":
    case "error":
    case "stuck":
      return { kind };
    case "outcome":
      return { kind, value: outcomes.includes(value) ? value : (outcomes[0] ?? value) };
    case "field":
      return { kind, path: fields[0]?.path ?? "", op: "==", value: firstValue(fields[0]) };
    case "contains":
    case "regex":
      return { kind, value };
  }
}

const nameOf = (flow: Flow, id: string) => flow.nodes.find((n) => n.id === id)?.data.name ?? id;

export function EdgeInspector({ edge }: { edge: FlowEdge }) {
  const flow = useDocument((s) => s.flow);
  const problems = useElementProblems("edge", edge.id);
  const source = flow.nodes.find((n) => n.id === edge.source);
  const outcomes = outcomesOf(source).map((o) => o.name).filter(Boolean);
  const fields = source?.type === "agent" ? schemaFields(source.data.outputSchema) : [];
  const when = edge.data.when;
  const kind: Kind = when?.kind ?? "always";
  const group = siblings(flow, edge.source);
  const index = group.indexOf(edge);
  const set = (next: EdgeCondition | undefined, merge?: string) => edit((f) => setCondition(f, edge.id, next), merge);
  const valueError = fieldError(problems, "data.when.value") ?? fieldError(problems, "data.when");

  return (
    <div className="inspector-body">
      <div className="inspector-head">
        <div>
          <h2 className="panel-title">Edge</h2>
          <p className="muted small">
            {nameOf(flow, edge.source)} → {nameOf(flow, edge.target)}
          </p>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={deleteSelection} aria-label="Delete edge">
          <TrashIcon size={14} /> Delete
        </button>
      </div>
      <ProblemList problems={problems} />
      <Select label="Condition" value={kind} options={KINDS} onChange={(k) => set(conditionOf(k, when, outcomes, fields))} hint={HINTS[kind]} />
      {when?.kind === "outcome" && outcomes.length > 0 && (
        <Select
          label="Outcome"
          value={when.value}
          options={[...new Set([...outcomes, when.value])].map((o) => ({ value: o, label: o }))}
          onChange={(value) => set({ kind: "outcome", value })}
          error={valueError}
        />
      )}
      {when?.kind === "field" && (
        <FieldConditionEditor
          when={when}
          fields={fields}
          onChange={(next, merge) => set(next, merge ? `${edge.id}.when` : undefined)}
          pathError={fieldError(problems, "data.when.path") ?? fieldError(problems, "data.when")}
          valueError={fieldError(problems, "data.when.value")}
        />
      )}
      {when && (when.kind === "contains" || when.kind === "regex" || (when.kind === "outcome" && outcomes.length === 0)) && (
        <TextInput
          label={when.kind === "regex" ? "Pattern" : when.kind === "outcome" ? "Outcome" : "Text"}
          value={when.value}
          mono={when.kind === "regex"}
          onChange={(value) => set({ ...when, value }, `${edge.id}.when`)}
          error={valueError}
        />
      )}
      <section className="field" aria-labelledby="edge-order-title">
        <h3 id="edge-order-title" className="field-label">
          Order
        </h3>
        <p className="field-hint">
          Edges leaving {nameOf(flow, edge.source)} are tried in this order; the first that holds is taken. This edge is tried{" "}
          <strong>
            {index + 1} of {group.length}
          </strong>
          .
        </p>
        {group.length > 1 && (
          <>
            <ol className="sibling-list">
              {group.map((e, i) => (
                <li key={e.id} className={e.id === edge.id ? "is-current" : undefined}>
                  <button type="button" className="link-btn" onClick={() => select([], [e.id])} aria-current={e.id === edge.id ? "true" : undefined}>
                    {edgeLabel({ when: e.data.when, order: i + 1, siblings: group.length })} → {nameOf(flow, e.target)}
                  </button>
                </li>
              ))}
            </ol>
            <div className="btn-row">
              <button type="button" className="btn btn-sm" disabled={index === 0} onClick={() => edit((f) => moveEdge(f, edge.id, -1))}>
                <ArrowUpIcon size={14} /> Move earlier
              </button>
              <button type="button" className="btn btn-sm" disabled={index === group.length - 1} onClick={() => edit((f) => moveEdge(f, edge.id, 1))}>
                <ArrowDownIcon size={14} /> Move later
              </button>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
