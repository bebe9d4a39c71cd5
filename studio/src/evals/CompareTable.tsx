// Two evaluations case by case: each side's status, outcome, pass, tokens and cost, and what changed,
// the changed rows first and marked.
import type { CaseResult } from "@tandem/shared";
import { costText } from "../ui/cost.js";
import { TableHead } from "../ui/TableHead.js";
import { casePassed, changeMarks, isChanged, type CompareRow } from "./compareRows.js";
import { CASE_STATUS_LABEL, preview } from "./format.js";

export function CompareTable({ rows }: { rows: readonly CompareRow[] }) {
  return (
    <table className="flow-table eval-table eval-compare">
      <TableHead actions={false} columns={["Input", "A", "B", "Changed"]} />
      <tbody>
        {rows.map((row) => {
          const changed = isChanged(row);
          return (
            <tr key={row.caseId} data-case-id={row.caseId} data-changed={changed} className={changed ? "is-changed" : undefined}>
              <td className="eval-text" title={row.input}>
                {preview(row.input)}
              </td>
              <Side result={row.a} />
              <Side result={row.b} />
              <td>
                {changed ? (
                  changeMarks(row).map((m) => (
                    <span key={m} className="badge badge-warning change-mark">
                      {m}
                    </span>
                  ))
                ) : (
                  <span className="muted small">Same</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Side({ result }: { result: CaseResult | null }) {
  if (!result) return <td className="muted small">Not in this evaluation</td>;
  const passed = casePassed(result);
  return (
    <td>
      <div>
        <span className={`score score-${passed ? "pass" : "fail"}`}>{passed ? "pass" : "fail"}</span> {CASE_STATUS_LABEL[result.status]}
        {result.outcome && <> · {result.outcome}</>}
      </div>
      <div className="small muted">
        {result.tokens.toLocaleString("en")} tokens · cost {costText(result.costUsd)} · {result.output.length.toLocaleString("en")} chars
      </div>
      <div className="small eval-text" title={result.output}>
        {preview(result.output, 60)}
      </div>
    </td>
  );
}
