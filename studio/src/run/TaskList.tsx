// The tasks page's list: sections by whose a task is ("For me", "For my roles", "For anyone",
// "Others"), each task with its node, flow, input, people line (who it is for, who took it,
// votes, escalation), what went wrong on a fallback, and Take it on / Let go.
import { formatUsd, type ApprovalTask, type Task } from "@tandem/shared";
import { useState } from "react";
import { claimTask } from "../api/people.js";
import { AgentIcon, ErrorIcon, PersonIcon } from "../ui/icons.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { useNow } from "../ui/useNow.js";
import { failureSentence } from "./answer.js";
import { usePersonName } from "./person.js";
import { taskPeople, taskSections } from "./tasks.js";
import { argumentRows } from "./toolArguments.js";

interface Props {
  tasks: readonly Task[];
  open: string | undefined;
  onSelect: (runId: string) => void;
  /** A claim changed: the list is asked again. */
  onChanged: () => void;
}

export function TaskList({ tasks, open, onSelect, onChanged }: Props) {
  const now = useNow();
  return (
    <div className="task-sections">
      {taskSections(tasks).map((section) => (
        <section key={section.title} className="task-section">
          <h2 className="task-section-title">{section.title}</h2>
          <ul className="task-list" aria-label={`Waiting runs: ${section.title.toLowerCase()}`}>
            {section.tasks.map((t) => (
              <TaskItem key={`${t.runId}/${t.requestId}`} task={t} current={t.runId === open} now={now} onSelect={onSelect} onChanged={onChanged} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** "amount: 250 · order: A1" */
const argumentsLine = (a: ApprovalTask) => argumentRows(a.arguments, a.parameters).map((r) => `${r.name}: ${r.value}`).join(" · ") || JSON.stringify(a.arguments);

function TaskItem({ task: t, current, now, onSelect, onChanged }: { task: Task; current: boolean; now: number; onSelect: (runId: string) => void; onChanged: () => void }) {
  const by = usePersonName();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const people = taskPeople(t, now);
  const claim = async () => {
    setBusy(true);
    setError(null);
    try {
      await claimTask(t.runId, t.requestId, !!t.claimedBy, by.trim());
      onChanged();
    } catch (e) {
      setError(failureSentence(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="task-item">
      <button type="button" className="task" aria-current={current} onClick={() => onSelect(t.runId)}>
        <span className="task-node">
          {t.approval ? <AgentIcon size={14} /> : <PersonIcon size={14} />} {t.nodeName}
          {t.reading && <span className="task-reading">{t.reading.outcome === null ? "pick an outcome" : `confirm: read as ${t.reading.outcome}`}</span>}
          {t.approval && <span className="task-reading">approve {t.approval.tool}</span>}
          {t.budget && <span className="task-reading">at its budget: {formatUsd(t.budget.spentUsd)} of {formatUsd(t.budget.budgetUsd)}</span>}
        </span>
        {t.problem && (
          <span className="task-problem">
            <ErrorIcon size={12} /> {t.problem.nodeId} {t.problem.kind === "error" ? "failed" : "is stuck"}: {t.problem.message}
          </span>
        )}
        {t.approval && <span className="task-arguments">{argumentsLine(t.approval)}</span>}
        <span className="task-flow">{t.flowName}</span>
        <span className="task-input">{t.input}</span>
        {people.length > 0 && <span className="task-people">{people.join(" · ")}</span>}
        <span className="task-time">
          Waiting since <TimeAgo at={t.askedAt} />
          {t.deadline !== undefined && (
            <>
              {" "}
              · due <TimeAgo at={t.deadline} />
            </>
          )}
        </span>
      </button>
      <div className="task-claim">
        <button type="button" className="btn btn-sm btn-ghost" disabled={busy} onClick={() => void claim()} aria-label={`${t.claimedBy ? "Let go of" : "Take on"} ${t.nodeName} in ${t.flowName}`}>
          {t.claimedBy ? "Let go" : "Take it on"}
        </button>
        {error && (
          <span className="human-error" role="alert">
            {error}
          </span>
        )}
      </div>
    </li>
  );
}
