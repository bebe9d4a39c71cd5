// An evaluation's report (#/evals/reports/:id): its summary and its cases, asked again while it runs.
import type { Evaluation } from "@tandem/shared";
import { evalsApi } from "../api/evals.js";
import { CaseResultsTable } from "../evals/CaseResultsTable.js";
import { ReportSummary } from "../evals/ReportSummary.js";
import { useLoad } from "../evals/useLoad.js";
import { paths } from "../router.js";
import { PageStatus } from "../ui/PageStatus.js";

export function EvaluationPage({ evaluationId }: { evaluationId: string }) {
  const load = useLoad(evaluationId, () => evalsApi.evaluation(evaluationId), (e) => e.status === "running");
  if (load.state !== "ready") {
    return <PageStatus load={load} loading="Opening the report…" failed="This evaluation could not be opened" back={{ path: paths.evals(), label: "Back to evaluations" }} />;
  }
  return <Report evaluation={load.value} />;
}

function Report({ evaluation }: { evaluation: Evaluation }) {
  return (
    <main className="flows-page evals-page">
      <a href={`#${paths.dataset(evaluation.datasetId)}`} className="link-back">
        ← {evaluation.datasetName}
      </a>
      <h1 className="page-title">
        Report: {evaluation.flowName} v{evaluation.version}
      </h1>
      <ReportSummary evaluation={evaluation} />
      <section aria-label="Cases">
        <h2 className="section-title">Cases</h2>
        {evaluation.results.length === 0 ? (
          <p className="empty">No case has finished yet.</p>
        ) : (
          <CaseResultsTable results={evaluation.results} scorers={evaluation.request.scorers.map((s) => s.kind)} />
        )}
      </section>
    </main>
  );
}
