// A dataset's cases: the input, what it expects, and the run it was made from (its replay) or none.
import type { DatasetCase } from "@tandem/shared";
import { paths } from "../router.js";
import { TableHead } from "../ui/TableHead.js";
import { expectedPhrases } from "./format.js";

export function CasesTable({ cases }: { cases: readonly DatasetCase[] }) {
  return (
    <table className="flow-table eval-table">
      <TableHead actions={false} columns={[{ name: "#", num: true }, "Input", "Expected", "From"]} />
      <tbody>
        {cases.map((c, i) => (
          <tr key={c.id} data-case-id={c.id}>
            <td className="num muted">{i + 1}</td>
            <td className="eval-text">{c.input}</td>
            <td>
              {expectedPhrases(c.expected).map((p) => (
                <div key={p} className="small">
                  {p}
                </div>
              ))}
              {expectedPhrases(c.expected).length === 0 && <span className="muted small">Nothing given</span>}
            </td>
            <td className="small">
              {c.runId ? (
                <a className="mono" href={`#${paths.session(c.runId)}`}>
                  run {c.runId.slice(0, 8)}
                </a>
              ) : (
                <span className="muted">The file</span>
              )}
              {c.recorded && <div className="muted">recorded</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
