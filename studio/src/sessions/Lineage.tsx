// Where a run comes from and what came of it: the run it was forked from (and at which event),
// and the runs forked from it. Forks are found among the latest runs of the same flow (one
// page of the list): the API has no filter by parent.
import type { RunSummary } from "@tandem/shared";
import { useEffect, useState } from "react";
import { runsApi } from "../api/runs.js";
import { paths } from "../router.js";
import { RUN_STATUS_LABEL } from "../run-view/labels.js";

const SEARCHED = 500;

export function Lineage({ run }: { run: RunSummary }) {
  const [forks, setForks] = useState<RunSummary[]>([]);

  useEffect(() => {
    let live = true;
    runsApi.list({ ...(run.flowId ? { flow: run.flowId } : {}), limit: SEARCHED }).then(
      ({ runs }) => live && setForks(runs.filter((r) => r.parentRunId === run.id).reverse()),
      () => live && setForks([]),
    );
    return () => {
      live = false;
    };
  }, [run.id, run.flowId]);

  if (!run.parentRunId && !forks.length) return null;
  return (
    <div className="lineage">
      {run.parentRunId && (
        <p data-testid="forked-from">
          Forked from <a href={`#${paths.session(run.parentRunId, run.parentSeq ?? undefined)}`}>run {run.parentRunId.slice(0, 8)}</a> at event {run.parentSeq} ·{" "}
          <a href={`#${paths.compare(run.parentRunId, run.id)}`}>compare</a>
        </p>
      )}
      {forks.length > 0 && (
        <details className="lineage-forks">
          <summary>
            {forks.length} fork{forks.length === 1 ? "" : "s"}
          </summary>
          <ul aria-label="Forks of this run">
            {forks.map((f) => (
              <li key={f.id}>
                <a href={`#${paths.session(f.id)}`}>run {f.id.slice(0, 8)}</a> from event {f.parentSeq} ·{" "}
                <span className={`run-status run-${f.status}`}>{RUN_STATUS_LABEL[f.status]}</span> ·{" "}
                <a href={`#${paths.compare(run.id, f.id)}`}>compare</a>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
