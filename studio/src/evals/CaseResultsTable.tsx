// An evaluation's cases: input, how each run ended, its output, a column per scorer, and the cost.
import type { CaseResult, ScorerKind } from "@tandem/shared";
import { costText } from "../ui/cost.js";
import { TableHead } from "../ui/TableHead.js";
import { CASE_STATUS_LABEL, preview, SCORER_LABEL } from "./format.js";
import { ScoreMark } from "./ScoreMark.js";

export function CaseResultsTable({ results, scorers }: { results: readonly CaseResult[]; scorers: readonly ScorerKind[] }) {
  return (
    <table className="flow-table eval-table">
      <TableHead
        actions={false}
        columns={["Input", "Status", "Outcome", "Output", ...scorers.map((kind) => SCORER_LABEL[kind]), { name: "Steps", num: true }, { name: "Tokens", num: true }, { name: "Cost", num: true }, { name: "Simulated", num: true }]}
      />
      <tbody>
        {results.map((r) => (
          <tr key={r.caseId} data-case-id={r.caseId}>
            <td className="eval-text" title={r.input}>
              {preview(r.input)}
            </td>
            <td>
              <span className={`run-status run-${r.status}`}>{CASE_STATUS_LABEL[r.status]}</span>
              {r.error && <div className="small field-error">{r.error}</div>}
            </td>
            <td>{r.outcome ?? <span className="muted">—</span>}</td>
            <td className="eval-text" title={r.output}>
              {preview(r.output)}
            </td>
            {scorers.map((kind) => (
              <td key={kind}>
                <ScoreMark score={r.scores.find((s) => s.kind === kind)} />
              </td>
            ))}
            <td className="num">{r.steps}</td>
            <td className="num">{r.tokens.toLocaleString("en")}</td>
            <td className="num">{costText(r.costUsd)}</td>
            <td className="num" title="People's answers given by the simulated person">
              {r.simulatedAnswers}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
