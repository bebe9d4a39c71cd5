// The run in view as a panel: status and controls, the offline notice, the transcript, what
// the next node will receive while paused, and the card for a person. `composer` is the
// editor's start form, shown when no run is live; `empty` is shown while there is no run.
import { isFinished } from "@tandem/shared";
import { useRef, type ReactNode } from "react";
import { useRunState, useRunView } from "../run-view/context.js";
import { NextInputPanel } from "./NextInputPanel.js";
import { OfflineBanner } from "./OfflineBanner.js";
import { PendingApprovals } from "./PendingApprovals.js";
import { PendingBudget } from "./BudgetCard.js";
import { PendingRequest } from "./PendingRequest.js";
import { RunHeader } from "./RunHeader.js";
import { Transcript } from "./Transcript.js";
import { useStickToBottom } from "./useStickToBottom.js";

export function RunPanel({ composer, empty }: { composer?: ReactNode; empty?: ReactNode }) {
  const loading = useRunView((v) => v.link === "loading");
  const failure = useRunView((v) => v.failure);
  const live = useRunState((s) => !isFinished(s), false);
  const none = useRunView((v) => !v.state && v.link !== "loading");
  const scroll = useRef<HTMLDivElement>(null);
  useStickToBottom(scroll);
  return (
    <section className="run-panel" aria-label="Run">
      <RunHeader />
      <OfflineBanner />
      {failure && (
        <div className="alert alert-error run-failure" role="alert">
          <div className="alert-body">{failure}</div>
        </div>
      )}
      <div className="run-scroll" ref={scroll}>
        {loading && (
          <p className="muted run-empty" aria-busy="true">
            Loading the run…
          </p>
        )}
        {none && empty}
        <Transcript />
        <NextInputPanel />
        <PendingRequest />
        <PendingApprovals />
        <PendingBudget />
      </div>
      {!live && composer}
    </section>
  );
}
