// A node's outcomes (what its reply can mean), as rows of a name and a short description:
// added, removed and reordered here; renaming one renames the edge conditions that use it.
import { outcomesOf, type AgentNode, type HumanNode, type Outcome, type Problem } from "@tandem/shared";
import { renameOutcome, setOutcomes } from "../flow/edits.js";
import { uniqueId } from "../flow/ids.js";
import { edit } from "../stores/document.js";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from "../ui/icons.js";
import { fieldError } from "./problems.js";

interface OutcomesEditorProps {
  node: HumanNode | AgentNode;
  problems: readonly Problem[];
  hint: string;
}

export function OutcomesEditor({ node, problems, hint }: OutcomesEditorProps) {
  const outcomes = outcomesOf(node);
  const set = (next: Outcome[], merge?: string) => edit((f) => setOutcomes(f, node.id, next), merge);
  const add = () => set([...outcomes, { name: uniqueId("outcome", new Set(outcomes.map((o) => o.name))), description: "" }]);
  const move = (i: number, by: -1 | 1) => {
    const next = [...outcomes];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    set(next);
  };
  const error = fieldError(problems, "data.outcomes");
  return (
    <fieldset className={error ? "field has-error" : "field"}>
      <legend>Outcomes</legend>
      <ol className="outcome-list">
        {outcomes.map((o, i) => (
          <li key={i}>
            <input
              className="input outcome-name"
              value={o.name}
              aria-label={`Outcome ${i + 1}`}
              placeholder="name"
              onChange={(e) => edit((f) => renameOutcome(f, node.id, i, e.target.value), `${node.id}.outcomes.${i}.name`)}
            />
            <input
              className="input outcome-description"
              value={o.description}
              aria-label={`Description of ${o.name || `outcome ${i + 1}`}`}
              placeholder="what it means, e.g. changes are needed"
              onChange={(e) => set(outcomes.map((x, j) => (j === i ? { ...x, description: e.target.value } : x)), `${node.id}.outcomes.${i}.description`)}
            />
            <span className="outcome-tools">
              <button type="button" className="icon-btn" aria-label={`Move ${o.name || `outcome ${i + 1}`} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                <ArrowUpIcon size={14} />
              </button>
              <button type="button" className="icon-btn" aria-label={`Move ${o.name || `outcome ${i + 1}`} down`} disabled={i === outcomes.length - 1} onClick={() => move(i, 1)}>
                <ArrowDownIcon size={14} />
              </button>
              <button type="button" className="icon-btn" aria-label={`Remove outcome ${o.name || i + 1}`} onClick={() => set(outcomes.filter((_, j) => j !== i))}>
                <TrashIcon size={14} />
              </button>
            </span>
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-sm" onClick={add}>
        <PlusIcon size={14} /> Add outcome
      </button>
      {error ? <p className="field-error">{error}</p> : <p className="field-hint">{hint}</p>}
    </fieldset>
  );
}
