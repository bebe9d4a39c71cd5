// What changed between two versions, in words: the flow's settings, then each node and edge
// added, removed or changed, a changed field's old and new values side by side (text with
// the words taken out and put in marked on each side).
import type { FieldChange, Flow, FlowDiff, FlowEdge } from "@tandem/shared";
import { isEmptyDiff } from "@tandem/shared";
import { KIND_LABEL } from "../flow/reactflow.js";
import { fieldLabel, fieldText, type Mark } from "./drawDiff.js";
import { SideBySideText } from "./SideBySideText.js";

interface Props {
  diff: FlowDiff;
  older: { version: number; flow: Flow };
  newer: { version: number; flow: Flow };
}

const MARK_LABEL: Record<Mark, string> = { added: "Added", removed: "Removed", changed: "Changed" };

export function ChangeList({ diff, older, newer }: Props) {
  const nameIn = (flow: Flow) => (id: string) => flow.nodes.find((n) => n.id === id)?.data.name ?? id;
  const edgeName = (flow: Flow, e: FlowEdge) => `${nameIn(flow)(e.source)} → ${nameIn(flow)(e.target)}`;
  const moved = diff.nodes.moved.length;
  const columns = { before: `v${older.version}`, after: `v${newer.version}` };
  return (
    <section className="change-list" aria-label="Changes">
      {isEmptyDiff(diff) && <p className="muted">No changes{moved ? ` but ${moved === 1 ? "one node" : `${moved} nodes`} moved` : ""}.</p>}
      {diff.settings.length > 0 && <Changed title="Flow settings" mark="changed" fields={diff.settings} columns={columns} />}
      {diff.nodes.changed.map((c) => (
        <Changed key={c.id} title={`${KIND_LABEL[c.node.type]} ${c.node.data.name}`} mark="changed" fields={c.changes} columns={columns} />
      ))}
      {diff.nodes.added.map((n) => (
        <Changed key={n.id} title={`${KIND_LABEL[n.type]} ${n.data.name}`} mark="added" />
      ))}
      {diff.nodes.removed.map((n) => (
        <Changed key={n.id} title={`${KIND_LABEL[n.type]} ${n.data.name}`} mark="removed" />
      ))}
      {diff.edges.changed.map((c) => (
        <Changed key={c.id} title={`Edge ${edgeName(newer.flow, c.edge)}`} mark="changed" fields={c.changes} columns={columns} />
      ))}
      {diff.edges.added.map((e) => (
        <Changed key={e.id} title={`Edge ${edgeName(newer.flow, e)}`} mark="added" />
      ))}
      {diff.edges.removed.map((e) => (
        <Changed key={e.id} title={`Edge ${edgeName(older.flow, e)}`} mark="removed" />
      ))}
      {moved > 0 && !isEmptyDiff(diff) && <p className="muted small">{moved === 1 ? "One node" : `${moved} nodes`} also moved.</p>}
    </section>
  );
}

/** A change of one text to another, whose words can be compared. */
const isText = (f: FieldChange): f is FieldChange & { before: string; after: string } => typeof f.before === "string" && typeof f.after === "string";

interface ChangedProps {
  title: string;
  mark: Mark;
  fields?: FieldChange[];
  columns?: { before: string; after: string };
}

function Changed({ title, mark, fields, columns }: ChangedProps) {
  return (
    <article className={`change change-${mark}`} aria-label={`${MARK_LABEL[mark]}: ${title}`}>
      <h3 className="change-title">
        <span className={`change-badge change-badge-${mark}`}>{MARK_LABEL[mark]}</span> {title}
      </h3>
      {fields && columns && (
        <table className="change-fields">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">{columns.before}</th>
              <th scope="col">{columns.after}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.field}>
                <th scope="row">{fieldLabel(f.field)}</th>
                {(["before", "after"] as const).map((side) => (
                  <td key={side} className={`change-${side}`}>
                    {isText(f) ? <SideBySideText before={f.before} after={f.after} side={side} /> : fieldText(f.field, f[side])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
