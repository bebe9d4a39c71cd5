// An evaluation's summary: what was run how, cases passed, each scorer's share, tokens, cost, and the
// threshold; while it runs, how far it has got.
import type { Evaluation } from "@tandem/shared";
import { paths } from "../router.js";
import { costText } from "../ui/cost.js";
import { SCORER_LABEL, share } from "./format.js";
import { ThresholdBadge } from "./ThresholdBadge.js";

export function ReportSummary({ evaluation: e }: { evaluation: Evaluation }) {
  const { models, people } = e.request;
  return (
    <section className="eval-summary" aria-label="Summary">
      <p className="muted">
        <a href={`#${paths.editor(e.flowId)}`}>
          {e.flowName} v{e.version}
        </a>{" "}
        against <a href={`#${paths.dataset(e.datasetId)}`}>{e.datasetName}</a> · models {models.kind === "live" ? `live${models.model ? ` (${models.model})` : ""}` : "recorded"} · people{" "}
        {people.kind === "simulated" ? "simulated" : "recorded"}
      </p>
      {e.status === "running" && (
        <p role="status" className="eval-progress">
          <progress max={e.cases} value={e.results.length} aria-label="Cases done" /> Running: {e.results.length} of {e.cases} cases done…
        </p>
      )}
      {e.status === "failed" && (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">The evaluation failed before every case was run{e.error ? `: ${e.error}` : "."}</div>
        </div>
      )}
      <dl className="eval-figures">
        <div>
          <dt>Passed</dt>
          <dd>{share(e.passed, e.cases)}</dd>
        </div>
        {e.byScorer.map((s) => (
          <div key={s.kind}>
            <dt>{SCORER_LABEL[s.kind]}</dt>
            <dd>{share(s.passed, s.applied)}</dd>
          </div>
        ))}
        <div>
          <dt>Tokens used</dt>
          <dd>{e.tokens.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{costText(e.costUsd)}</dd>
        </div>
        <div>
          <dt>Threshold</dt>
          <dd>
            <ThresholdBadge summary={e} />
          </dd>
        </div>
      </dl>
    </section>
  );
}
