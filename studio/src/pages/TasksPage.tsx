// Every run waiting for a person, across all flows (asked again every 5 s and on focus): human
// questions, tool calls to approve (the tool and its arguments) and runs at their budget, mine first (TaskList). The
// selected task is answered with the same cards as in the run panel, on a live view of its run.
import { assignmentLabel, type Task } from "@tandem/shared";
import { useCallback, useEffect, useState } from "react";
import { runsApi } from "../api/runs.js";
import { AccountMenu } from "../auth/AccountMenu.js";
import { paths } from "../router.js";
import { RunViewProvider, useRunState } from "../run-view/context.js";
import { useLiveRun } from "../run-view/useLiveRun.js";
import { PendingBudget } from "../run/BudgetCard.js";
import { PendingApprovals } from "../run/PendingApprovals.js";
import { PendingRequest } from "../run/PendingRequest.js";
import { TaskList } from "../run/TaskList.js";
import { BackIcon } from "../ui/icons.js";

const POLL_MS = 5000;
const MAX_TASKS = 100;

export function TasksPage() {
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [total, setTotal] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const refresh = useCallback(() => {
    runsApi.tasks(MAX_TASKS).then(
      (page) => {
        setTasks(page.tasks);
        setTotal(page.total);
        setFailure(null);
      },
      (e: Error) => setFailure(e.message),
    );
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    window.addEventListener("focus", refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", refresh);
    };
  }, [refresh]);

  // The first task is open until another is chosen; an answered one stays open to say so.
  const open = selected ?? tasks?.[0]?.runId;
  const store = useLiveRun(open);

  return (
    <main className="tasks-page">
      <header className="page-header">
        <div>
          <a className="btn btn-ghost tasks-back" href={`#${paths.flows()}`} aria-label="Back to flows">
            <BackIcon /> Flows
          </a>
          <h1 className="page-title">Tasks</h1>
          <p className="muted">
            Runs waiting for a person, in every flow: the soonest due first, then the longest waiting.
            {tasks && total > tasks.length && ` Showing ${tasks.length} of ${total}.`}
          </p>
        </div>
        <AccountMenu />
      </header>
      {failure && (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">Could not load the tasks: {failure}</div>
        </div>
      )}
      {tasks === null && !failure && <p className="muted" aria-busy="true">Loading…</p>}
      {tasks?.length === 0 && !open && <p className="empty">Nobody is needed right now. Runs that wait for a person show up here.</p>}
      {open && (
        <div className="tasks-layout">
          <TaskList tasks={tasks ?? []} open={open} onSelect={setSelected} onChanged={refresh} />
          <RunViewProvider store={store}>
            <TaskDetail runId={open} onAnswered={refresh} notMine={tasks?.filter((t) => t.runId === open && t.mine === null) ?? []} />
          </RunViewProvider>
        </div>
      )}
    </main>
  );
}

/** `notMine`: this run's tasks that are someone else's, which the server will refuse this person (unless an admin). */
function TaskDetail({ runId, onAnswered, notMine }: { runId: string; onAnswered: () => void; notMine: readonly Task[] }) {
  const flowName = useRunState((s) => s.flow.name, "");
  const flowId = useRunState((s) => s.flowId ?? null, null);
  const input = useRunState((s) => s.input, "");
  const waiting = useRunState((s) => s.status === "waiting", true);
  // The list follows what is decided here: asked again whenever a request of this run opens or closes.
  const asked = useRunState((s) => s.approvals.length + (s.pending ? 1 : 0) + (s.budgetWait ? 1 : 0), 0);
  useEffect(() => {
    onAnswered();
  }, [asked, onAnswered]);
  return (
    <section className="task-detail" aria-label="Task">
      <header className="task-detail-head">
        <div>
          <h2 className="panel-title">{flowName}</h2>
          <p className="muted small">Input: {input}</p>
        </div>
        <a className="btn btn-sm" href={`#${flowId ? paths.editorRun(flowId, runId) : paths.run(runId)}`}>
          Open the run
        </a>
      </header>
      {!waiting && <p className="task-done" role="status">Nothing waits for a person in this run now.</p>}
      {notMine.map((t) => (
        <p key={t.requestId} className="task-not-mine" role="note">
          {t.nodeName} is for {assignmentLabel(t.assignees)}: only they, or an admin, may answer it.
        </p>
      ))}
      <PendingRequest />
      <PendingApprovals />
      <PendingBudget />
    </section>
  );
}
