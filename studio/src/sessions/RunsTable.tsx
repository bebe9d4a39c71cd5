// One page of runs: what each was, how it went, what it cost, and whether it waits for a person. Runs can be
// ticked: two to compare them, any number to make a dataset. A click anywhere on a row opens its replay; from the keyboard, the
// row's first link does.
import type { RunSummary } from "@tandem/shared";
import { Fragment, type MouseEvent } from "react";
import { navigate, paths } from "../router.js";
import { RUN_STATUS_LABEL } from "../run-view/labels.js";
import { costText } from "../ui/cost.js";
import { formatMs } from "../ui/time.js";
import { TimeAgo } from "../ui/TimeAgo.js";

interface Props {
  runs: RunSummary[];
  /** Without `onPick`, no run can be ticked. */
  picked?: readonly string[];
  onPick?: (run: RunSummary, on: boolean) => void;
}

/** Opens the run, unless the click was on a control of its own or ended a text selection. */
function openRow(e: MouseEvent<HTMLTableRowElement>, runId: string) {
  if ((e.target as HTMLElement).closest("a, button, input, label")) return;
  if (window.getSelection()?.toString()) return;
  navigate(paths.session(runId));
}

export function RunsTable({ runs, picked = [], onPick }: Props) {
  return (
    <table className="flow-table runs-table">
      <thead>
        <tr>
          {onPick && (
            <th scope="col">
              <span className="visually-hidden">Pick</span>
            </th>
          )}
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Input</th>
          <th scope="col">Started</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col" className="num">
            Steps
          </th>
          <th scope="col" className="num">
            Tokens
          </th>
          <th scope="col" className="num">
            Cost
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-run-id={run.id} className="is-clickable" onClick={(e) => openRow(e, run.id)}>
            {onPick && (
              <td>
                <input
                  type="checkbox"
                  aria-label={`Pick run ${run.id.slice(0, 8)}`}
                  checked={picked.includes(run.id)}
                  onChange={(e) => onPick(run, e.target.checked)}
                />
              </td>
            )}
            <td>
              <a href={`#${paths.session(run.id)}`} className="flow-link">
                {run.flowName}
              </a>
              <div className="muted small mono">
                {run.id.slice(0, 8)}
                {run.flowVersion !== null && ` · v${run.flowVersion}`}
                {run.parentRunId && (
                  <Fragment>
                    {" · fork of "}
                    <a href={`#${paths.session(run.parentRunId)}`}>{run.parentRunId.slice(0, 8)}</a>
                  </Fragment>
                )}
                {run.imported && <span className="badge badge-muted">Imported</span>}
                {run.damaged && (
                  <span className="badge badge-danger" title={run.damaged}>
                    Damaged
                  </span>
                )}
              </div>
            </td>
            <td>
              <span className={`run-status run-${run.status}`}>{RUN_STATUS_LABEL[run.status]}</span>
              {run.waitingNode && <div className="small human-wait">Waits for {run.waitingNode}</div>}
            </td>
            <td className="runs-input" title={run.input}>
              {run.input}
            </td>
            <td className="muted">
              <TimeAgo at={run.startedAt} standalone />
            </td>
            <td className="num">{formatMs((run.finishedAt ?? run.updatedAt) - run.startedAt)}</td>
            <td className="num">{run.steps}</td>
            <td className="num">{run.tokens.toLocaleString("en")}</td>
            <td className="num">{costText(run.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
