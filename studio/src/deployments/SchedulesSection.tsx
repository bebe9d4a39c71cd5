// A deployment's schedules: each a cron expression read in a time zone, the input its runs get and
// what a tick missed while the server was down does; the next times in the reader's own time;
// paused, resumed and deleted here.
import { MISSED_TICKS, type MissedTicks, type Schedule } from "@tandem/shared";
import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client.js";
import { deploymentsApi } from "../api/deployments.js";
import { Field } from "../auth/Field.js";
import { confirm } from "../ui/confirm.js";
import { ListSection, useListLoad } from "../ui/ListSection.js";
import { TableHead } from "../ui/TableHead.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { toast } from "../ui/toast.js";
import { localTime } from "./format.js";

const MISSED_LABEL: Record<MissedTicks, string> = {
  "run-once": "Run once when the server is back",
  skip: "Skip it",
};

export function SchedulesSection({ name, readOnly }: { name: string; readOnly: string | null }) {
  // A new round asks for the list again (after any change).
  const [round, setRound] = useState(0);
  const schedules = useListLoad(`${name}/${round}`, async () => {
    const items = await deploymentsApi.schedules(name);
    return { items, total: items.length };
  });
  const reload = () => setRound((r) => r + 1);

  const change = async (schedule: Schedule, what: string, action: () => Promise<unknown>) => {
    try {
      await action();
      toast("info", `${what} the schedule "${schedule.cron}"`);
    } catch (e) {
      toast("error", `${what} failed: ${(e as Error).message}`);
    }
    reload();
  };

  const remove = async (schedule: Schedule) => {
    const ok = await confirm({
      title: `Delete the schedule "${schedule.cron}"?`,
      message: "No more runs start on it. Runs it already started are kept.",
      confirmLabel: "Delete schedule",
      danger: true,
    });
    if (ok) await change(schedule, "Deleted", () => deploymentsApi.removeSchedule(name, schedule.id));
  };

  return (
    <section className="deploy-section" aria-labelledby="schedules-title">
      <h2 id="schedules-title" className="section-title">
        Schedules
      </h2>
      {!readOnly && <NewSchedule deployment={name} onMade={reload} />}
      <ListSection label="Schedules of this deployment" load={schedules} what="the schedules" empty="No schedules: runs start only when called.">
        {(items) => (
          <table className="flow-table" aria-labelledby="schedules-title">
            <TableHead columns={["When", "Input", "Next runs (your time)", "Last"]} />
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-schedule-id={s.id}>
                  <td>
                    <span className="mono">{s.cron}</span> {s.paused && <span className="badge badge-muted">Paused</span>}
                    <div className="muted small">
                      {s.timezone} · missed: {MISSED_LABEL[s.missed].toLowerCase()}
                    </div>
                  </td>
                  <td className="runs-input" title={s.input}>
                    {s.input || <span className="muted">(empty)</span>}
                  </td>
                  <td>
                    {s.next.length ? (
                      <ul className="deploy-next" aria-label={`Next runs of ${s.cron}`}>
                        {s.next.slice(0, 3).map((at) => (
                          <li key={at}>
                            <time dateTime={new Date(at).toISOString()}>{localTime(at)}</time>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">{s.paused ? "None while paused" : "None"}</span>
                    )}
                  </td>
                  <td className="muted">
                    {s.lastTick ? <TimeAgo at={s.lastTick.at} standalone /> : "Never"}
                    {s.lastTick?.skipped && <div className="small">Skipped: missed while the server was down</div>}
                    {s.lastTick?.error && <div className="small field-error">Could not start: {s.lastTick.error}</div>}
                  </td>
                  <td className="row-actions">
                    {!readOnly && (
                      <>
                        <button
                          type="button"
                          className="btn btn-sm"
                          onClick={() => void change(s, s.paused ? "Resumed" : "Paused", () => deploymentsApi.updateSchedule(name, s.id, { paused: !s.paused }))}
                        >
                          {s.paused ? "Resume" : "Pause"}
                        </button>
                        <button type="button" className="btn btn-sm btn-danger-ghost" aria-label={`Delete schedule ${s.cron}`} onClick={() => void remove(s)}>
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListSection>
    </section>
  );
}

/** The reader's own time zone, the new schedule's default. */
const ownZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function NewSchedule({ deployment, onMade }: { deployment: string; onMade: () => void }) {
  const [cron, setCron] = useState("");
  const [timezone, setTimezone] = useState(ownZone);
  const [input, setInput] = useState("");
  const [missed, setMissed] = useState<MissedTicks>("run-once");
  const [problem, setProblem] = useState<{ path: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const errorOf = (field: string) => (problem?.path === field ? problem.message : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!cron.trim()) return setProblem({ path: "cron", message: "Cron: say when, e.g. 0 9 * * 1-5 (9:00 on weekdays)." });
    setBusy(true);
    setProblem(null);
    try {
      await deploymentsApi.createSchedule(deployment, { cron: cron.trim(), timezone: timezone.trim(), input, missed });
      toast("success", `Added the schedule "${cron.trim()}"`);
      setCron("");
      setInput("");
      onMade();
    } catch (err) {
      setProblem({ path: err instanceof ApiError && err.path ? err.path : "", message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="deploy-schedule-form" aria-label="New schedule" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field-row">
        <Field id="schedule-cron" label="Cron" className="input mono" placeholder="0 9 * * 1-5" hint="Minute hour day month weekday." error={errorOf("cron")} value={cron} onChange={(e) => setCron(e.target.value)} />
        <Field id="schedule-timezone" label="Time zone" error={errorOf("timezone")} value={timezone} onChange={(e) => setTimezone(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="schedule-input">Input</label>
        <textarea id="schedule-input" className="input" rows={2} value={input} onChange={(e) => setInput(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="schedule-missed">A run missed while the server was down</label>
        <select id="schedule-missed" className="input" value={missed} onChange={(e) => setMissed(e.target.value as MissedTicks)}>
          {MISSED_TICKS.map((m) => (
            <option key={m} value={m}>
              {MISSED_LABEL[m]}
            </option>
          ))}
        </select>
      </div>
      {problem && !["cron", "timezone"].includes(problem.path) && (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">{problem.message}</div>
        </div>
      )}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Adding…" : "Add schedule"}
        </button>
      </div>
    </form>
  );
}
