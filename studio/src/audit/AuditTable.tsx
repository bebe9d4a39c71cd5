// One page of audit entries: when, who, what, in which flow and node, and a link to the run's
// replay at that event (account entries have no run).
import type { AuditEntry } from "@tandem/shared";
import { paths } from "../router.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { ActorLabel } from "./ActorLabel.js";

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <table className="flow-table audit-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Flow</th>
          <th scope="col">Node</th>
          <th scope="col">Detail</th>
          <th scope="col">
            <span className="visually-hidden">Replay</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={`${e.runId ?? "accounts"}/${e.seq ?? e.at}/${e.action}`} data-action={e.action}>
            <td>
              <TimeAgo at={e.at} standalone />
            </td>
            <td>
              <ActorLabel actor={e.actor} />
            </td>
            <td>
              <span className={`audit-action audit-${e.action}`}>{e.action}</span>
            </td>
            <td>{e.flowName ?? <span className="muted">—</span>}</td>
            <td>{e.nodeName ?? e.nodeId ?? <span className="muted">—</span>}</td>
            <td className="audit-detail">{e.detail}</td>
            <td>
              {e.runId && e.seq !== undefined && (
                <a href={`#${paths.session(e.runId, e.seq)}`} className="small">
                  Replay at #{e.seq}
                </a>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
