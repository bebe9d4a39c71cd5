// A person's control of a run that another server drives mid-step (several servers on one
// Postgres). Taking the run over would cut its step off and do it again; instead the control
// goes over the database's channel to every server, and the one that drives the run applies it
// (run-signals.ts hears it). A cancel is waited for until the run's end is stored, as it is
// when the run is driven here; if that server dies first, the server that takes the run on
// finds it as stored and the person may cancel again.
import type { ControlAction } from "@tandem/shared";
import type { EventStore } from "../store/types.js";
import type { Sql } from "../store/sql/types.js";
import { CONTROL_CHANNEL, controlNotice, type RunSignals } from "./run-signals.js";

/** How long a relayed cancel is waited for before the run's status is answered as it is. */
const CANCEL_WAIT_MS = 10_000;

export function relayControl(sql: Sql, signals: RunSignals, events: Pick<EventStore, "run">) {
  return async (runId: string, action: ControlAction): Promise<void> => {
    await sql.run(`SELECT pg_notify('${CONTROL_CHANNEL}', ?)`, [controlNotice(runId, action)]);
    if (action !== "cancel") return;
    const until = Date.now() + CANCEL_WAIT_MS;
    for (let left = CANCEL_WAIT_MS; left > 0; left = until - Date.now()) {
      const run = await events.run(runId);
      if (!run || run.finishedAt !== null) return;
      await signals.next(runId, Math.min(left, 1_000));
    }
  };
}
