// Two evaluations of one dataset case by case (#/evals/compare/:a/:b): which cases changed
// outcome, pass, tokens or output length, changed ones first; "Changed only" hides the rest.
import type { EvaluationComparison, EvaluationSummary } from "@tandem/shared";
import { useState } from "react";
import { evalsApi } from "../api/evals.js";
import { CompareTable } from "../evals/CompareTable.js";
import { isChanged, orderRows } from "../evals/compareRows.js";
import { share } from "../evals/format.js";
import { useLoad } from "../evals/useLoad.js";
import { paths } from "../router.js";
import { costText } from "../ui/cost.js";
import { PageStatus } from "../ui/PageStatus.js";

export function EvalComparePage({ a, b }: { a: string; b: string }) {
  const load = useLoad(`${a}/${b}`, () => evalsApi.compare(a, b));
  if (load.state !== "ready") {
    return <PageStatus load={load} loading="Comparing the evaluations…" failed="These evaluations could not be compared" back={{ path: paths.evals(), label: "Back to evaluations" }} />;
  }
  return <Comparison comparison={load.value} />;
}

function Comparison({ comparison }: { comparison: EvaluationComparison }) {
  const [changedOnly, setChangedOnly] = useState(false);
  const changed = comparison.cases.filter(isChanged).length;
  const rows = orderRows(comparison.cases, changedOnly);
  return (
    <main className="flows-page evals-page">
      <a href={`#${paths.dataset(comparison.a.datasetId)}`} className="link-back">
        ← {comparison.a.datasetName}
      </a>
      <h1 className="page-title">Compare evaluations</h1>
      <p className="muted" role="status">
        {changed === 0 ? "Every case went the same way." : `${changed} of ${comparison.cases.length} cases changed.`}
      </p>
      <div className="eval-compare-heads">
        <Head side="A" summary={comparison.a} />
        <Head side="B" summary={comparison.b} />
      </div>
      <label className="field-check">
        <input type="checkbox" checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)} /> Changed only
      </label>
      {rows.length === 0 ? <p className="empty">No case changed.</p> : <CompareTable rows={rows} />}
    </main>
  );
}

function Head({ side, summary }: { side: string; summary: EvaluationSummary }) {
  return (
    <div className="eval-compare-head">
      <strong>{side}</strong>{" "}
      <a className="flow-link" href={`#${paths.evaluation(summary.id)}`}>
        {summary.flowName} v{summary.version}
      </a>
      <div className="small muted">
        passed {share(summary.passed, summary.cases)} · {summary.tokens.toLocaleString("en")} tokens · cost {costText(summary.costUsd)}
      </div>
    </div>
  );
}
