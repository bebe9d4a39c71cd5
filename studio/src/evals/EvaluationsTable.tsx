// A dataset's evaluations, newest first: which flow version, how it went (each opens its report);
// two can be ticked to compare them case by case.
import type { EvaluationSummary } from "@tandem/shared";
import { paths } from "../router.js";
import { TableHead } from "../ui/TableHead.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { share } from "./format.js";
import { ThresholdBadge } from "./ThresholdBadge.js";

interface Props {
  evaluations: readonly EvaluationSummary[];
  picked: readonly string[];
  onPick: (id: string, on: boolean) => void;
}

export function EvaluationsTable({ evaluations, picked, onPick }: Props) {
  return (
    <table className="flow-table eval-table">
      <TableHead actions={false} columns={[{ name: "Compare", hidden: true }, "Flow version", "Started", "Passed", { name: "Tokens", num: true }, "Threshold"]} />
      <tbody>
        {evaluations.map((e) => (
          <tr key={e.id} data-evaluation-id={e.id}>
            <td>
              <input
                type="checkbox"
                aria-label={`Pick ${e.flowName} v${e.version} (${e.id.slice(0, 8)}) to compare`}
                checked={picked.includes(e.id)}
                disabled={!picked.includes(e.id) && picked.length >= 2}
                onChange={(ev) => onPick(e.id, ev.target.checked)}
              />
            </td>
            <td>
              <a className="flow-link" href={`#${paths.evaluation(e.id)}`}>
                {e.flowName} v{e.version}
              </a>
              <div className="muted small mono">{e.id.slice(0, 8)}</div>
            </td>
            <td className="muted">
              <TimeAgo at={e.createdAt} standalone />
            </td>
            <td>{e.status === "running" ? <span className="badge">Running…</span> : e.status === "failed" ? <span className="badge badge-danger" title={e.error}>
                  Failed
                </span> : share(e.passed, e.cases)}</td>
            <td className="num">{e.tokens.toLocaleString("en")}</td>
            <td>
              <ThresholdBadge summary={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
