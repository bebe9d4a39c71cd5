// Two runs side by side (#/compare/:a/:b): their transcripts, each folded by the one reducer,
// aligned message by message, with the rows where they differ marked and the first one in view.
import { fold, type RunRecord, type TranscriptMessage } from "@tandem/shared";
import { useEffect, useMemo, useRef, useState } from "react";
import { runsApi } from "../api/runs.js";
import { paths } from "../router.js";
import { RUN_STATUS_LABEL } from "../run-view/labels.js";
import { compareTranscripts, firstDifference, type CompareRow } from "../sessions/compare.js";
import { PageStatus, type PageLoad } from "../ui/PageStatus.js";

/** Runs of this many identical rows or more are folded away. */
const FOLD_SAME = 4;

export function ComparePage({ a, b }: { a: string; b: string }) {
  const [load, setLoad] = useState<PageLoad<[RunRecord, RunRecord]>>({ state: "loading" });
  useEffect(() => {
    let live = true;
    Promise.all([runsApi.get(a), runsApi.get(b)]).then(
      (both) => live && setLoad({ state: "ready", value: both }),
      (e: Error) => live && setLoad({ state: "failed", message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [a, b]);

  if (load.state !== "ready") {
    return <PageStatus load={load} loading="Loading both runs…" failed="The runs could not be compared" back={{ path: paths.sessions(), label: "Back to sessions" }} />;
  }
  return <Comparison left={load.value[0]} right={load.value[1]} />;
}

function Comparison({ left, right }: { left: RunRecord; right: RunRecord }) {
  const rows = useMemo(() => compareTranscripts(fold(left.events).messages, fold(right.events).messages), [left, right]);
  const first = firstDifference(rows);
  const firstRow = useRef<HTMLLIElement>(null);
  // Braces: scrollIntoView returns a Promise in Chromium, which React would call as the cleanup.
  useEffect(() => {
    firstRow.current?.scrollIntoView({ block: "center" });
  }, []);
  const otherFlow = left.run.flowId !== right.run.flowId || left.run.flowName !== right.run.flowName;
  const differing = rows.filter((r) => r.kind !== "same").length;

  return (
    <main className="compare-page">
      <header className="compare-header">
        <a href={`#${paths.sessions()}`} className="link-back">
          ← Sessions
        </a>
        <h1 className="page-title">Compare runs</h1>
        <p className="muted" role="status">
          {first < 0 ? "The transcripts are the same." : `${differing} of ${rows.length} rows differ; the first is row ${first + 1}.`}
          {otherFlow && " These runs are of different flows."}
        </p>
      </header>
      <div className="compare-columns compare-heads">
        {[left, right].map((r) => (
          <div key={r.run.id} className="compare-run">
            <a href={`#${paths.session(r.run.id)}`} className="flow-link">
              {r.run.flowName} · run {r.run.id.slice(0, 8)}
            </a>
            <span className={`run-status run-${r.run.status}`}>{RUN_STATUS_LABEL[r.run.status]}</span>
            {r.run.parentRunId && <span className="muted small"> fork of {r.run.parentRunId.slice(0, 8)} at event {r.run.parentSeq}</span>}
          </div>
        ))}
      </div>
      <ol className="compare-rows" aria-label="Transcripts side by side">
        {foldSame(rows).map((item, i) =>
          "same" in item ? (
            <SameRun key={i} rows={item.same} />
          ) : (
            <li key={i} ref={item.index === first ? firstRow : undefined} className={`compare-row compare-${item.row.kind}`} data-kind={item.row.kind}>
              <Cell message={"left" in item.row ? item.row.left : undefined} />
              <Cell message={"right" in item.row ? item.row.right : undefined} />
            </li>
          ),
        )}
      </ol>
    </main>
  );
}

type Item = { row: CompareRow; index: number } | { same: CompareRow[] };

/** Long stretches where both runs said the same are folded into one expandable row. */
function foldSame(rows: readonly CompareRow[]): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.kind === "same") j++;
    if (j - i >= FOLD_SAME) {
      items.push({ same: rows.slice(i, j) });
      i = j;
    } else {
      items.push({ row: rows[i]!, index: i });
      i++;
    }
  }
  return items;
}

function SameRun({ rows }: { rows: CompareRow[] }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <li className="compare-fold">
        <button type="button" className="link-btn" onClick={() => setOpen(true)}>
          {rows.length} messages the same in both — show
        </button>
      </li>
    );
  }
  return (
    <>
      {rows.map((row, i) => (
        <li key={i} className="compare-row compare-same" data-kind="same">
          <Cell message={"left" in row ? row.left : undefined} />
          <Cell message={"right" in row ? row.right : undefined} />
        </li>
      ))}
    </>
  );
}

function Cell({ message }: { message: TranscriptMessage | undefined }) {
  if (!message)
    return (
      <div className="compare-cell is-empty">
        <span className="visually-hidden">Nothing here</span>
      </div>
    );
  return (
    <div className="compare-cell">
      <div className="compare-name">
        {message.name} <span className="muted small mono">#{message.seq}</span>
      </div>
      <div className="compare-text">{message.content}</div>
    </div>
  );
}
