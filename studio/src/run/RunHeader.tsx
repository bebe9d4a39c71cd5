// The run panel's top line: status (a badge that says when a person is needed), the
// connection when it is not live, usage and cost, and the controls.
import { formatUsd } from "@tandem/shared";
import { useRunState, useRunView } from "../run-view/context.js";
import { RUN_STATUS_LABEL } from "../run-view/labels.js";
import { RunControls } from "./RunControls.js";

export function RunHeader() {
  const status = useRunState((s) => s.status, null);
  const steps = useRunState((s) => s.steps, 0);
  const tokens = useRunState((s) => s.usage.promptTokens + s.usage.completionTokens, 0);
  const costUsd = useRunState((s) => s.costUsd, 0);
  const reconnecting = useRunView((v) => v.link === "reconnecting");
  if (!status) return null;
  return (
    <header className="run-header">
      <div className="run-header-line">
        <span className={`run-badge run-badge-${status}`} data-status={status}>
          {RUN_STATUS_LABEL[status]}
        </span>
        {reconnecting && (
          <span className="run-link" role="status">
            Reconnecting…
          </span>
        )}
        <span className="muted small run-usage">
          {steps} step{steps === 1 ? "" : "s"}
          {tokens > 0 && ` · ${tokens.toLocaleString("en")} tokens`}
          {costUsd > 0 && ` · ${formatUsd(costUsd)}`}
        </span>
      </div>
      <RunControls />
    </header>
  );
}
