// The card for a run that stopped at its budget: what it has spent of what it may, and the
// person's choice: raise the budget to an amount (more than what was spent) so the agent makes
// its call, or stop the run. It goes once decided, whoever decided.
import { formatUsd, nodeById, requestOf } from "@tandem/shared";
import { useId, useState } from "react";
import { useRunView, useRunViewStore } from "../run-view/context.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { failureSentence, submitBudget } from "./answer.js";
import { DecideNotes } from "./DecideNotes.js";
import { usePersonName } from "./person.js";
import { PersonField } from "./PersonField.js";

export function PendingBudget() {
  useRunView((v) => v.version);
  const state = useRunViewStore().getState().state;
  const request = state?.budgetWait ? requestOf(state, state.budgetWait) : undefined;
  if (!state?.budgetWait || !request?.budget) return null;
  return (
    <BudgetCard
      key={state.budgetWait}
      runId={state.runId}
      requestId={state.budgetWait}
      nodeName={nodeById(state.flow, request.nodeId)?.data.name ?? request.nodeId}
      askedAt={request.askedAt}
      {...request.budget}
    />
  );
}

interface BudgetCardProps {
  runId: string;
  requestId: string;
  nodeName: string;
  askedAt?: number;
  spentUsd: number;
  budgetUsd: number;
}

/** A new budget to offer: twice what was allowed, and more than what was spent. */
const suggested = (spent: number, budget: number) => Number(Math.max(budget * 2, spent * 1.5).toPrecision(2));

function BudgetCard({ runId, requestId, nodeName, askedAt, spentUsd, budgetUsd }: BudgetCardProps) {
  const ids = useId();
  const by = usePersonName();
  const [amount, setAmount] = useState(() => String(suggested(spentUsd, budgetUsd)));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const raiseTo = Number(amount);
  const valid = amount.trim() !== "" && Number.isFinite(raiseTo) && raiseTo > spentUsd;
  const blocked = sending || by.trim() === "";

  const send = async (raise: boolean) => {
    setSending(true);
    setError(null);
    try {
      await submitBudget(runId, requestId, raise ? { decision: "raise", budgetUsd: raiseTo } : { decision: "stop" }, by.trim());
    } catch (e) {
      // e.g. 409 "already decided by Ada", 422 "the new budget must be more than …"
      setError(failureSentence(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="human-card budget-card" aria-label="Budget reached" data-request={requestId}>
      <header className="human-card-head">
        <div>
          <h2 className="human-card-title">
            This run has spent {formatUsd(spentUsd)} of its {formatUsd(budgetUsd)} budget
          </h2>
          <p className="muted small">
            {askedAt !== undefined && (
              <>
                Waiting since <TimeAgo at={askedAt} />.{" "}
              </>
            )}
            {nodeName} calls its model once the budget is raised.
          </p>
        </div>
      </header>
      <div className="human-actions">
        <label htmlFor={`${ids}-amount`}>Raise to $</label>
        <input
          id={`${ids}-amount`}
          className="input budget-amount"
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          value={amount}
          aria-invalid={!valid}
          aria-describedby={valid ? undefined : `${ids}-hint`}
          onChange={(e) => setAmount(e.target.value)}
        />
        <button type="button" className="btn btn-primary" disabled={blocked || !valid} onClick={() => void send(true)}>
          Raise
        </button>
        <button type="button" className="btn" disabled={blocked} onClick={() => void send(false)}>
          Stop the run
        </button>
        <PersonField hintId={`${ids}-name`} label="Decide as" />
      </div>
      {!valid && (
        <p id={`${ids}-hint`} className="human-error">
          The new budget must be more than the {formatUsd(spentUsd)} spent.
        </p>
      )}
      <DecideNotes id={`${ids}-name`} named={by.trim() !== ""} error={error} />
    </section>
  );
}
