// Word that a run has new events in the store, whoever wrote them. Several servers on one
// Postgres: each append notifies (pg_notify in its transaction, so the word goes out at commit)
// on one channel, and every server LISTENs on a connection of its own. A subscriber following a
// run that another server drives reads the store when told, and at a slow pace besides, so that
// a notice lost while the connection was down costs a moment, never an event. With SQLite there
// is no channel: the pace is all there is (as before several servers).
//
// A second channel carries a person's control of a run that another server drives mid-step
// (see relay-control.ts): the server that drives it applies it.
import pg from "pg";
import type { Logger } from "pino";
import { CONTROL_ACTIONS, type ControlAction } from "@tandem/shared";

export const RUN_CHANNEL = "tandem_runs";
export const CONTROL_CHANNEL = "tandem_control";

/** The payload a store's append sends: the run and the last seq it stored. */
export const runNotice = (runId: string, lastSeq: number) => `${runId} ${lastSeq}`;

/** The payload of a control sent to the server that drives the run. */
export const controlNotice = (runId: string, action: ControlAction) => `${runId} ${action}`;

/** A moment on this process's monotonic clock (process.hrtime.bigint()). */
export type Moment = bigint;

export interface RunSignals {
  /**
   * Resolves at the next notice about the run, or after `ms` at the latest (aborted by
   * `signal`), with the moment it came: a read of the store begun since then sees what the notice told of.
   */
  next(runId: string, ms: number, signal?: AbortSignal): Promise<Moment>;
  /** Whether notices come (a Postgres channel that is listening now). */
  readonly listening: boolean;
  close(): Promise<void>;
}

type Waiter = (at?: Moment) => void;

/** Waits that end early when `wake(runId)` is called. */
class Waits {
  private readonly byRun = new Map<string, Set<Waiter>>();

  next(runId: string, ms: number, signal?: AbortSignal): Promise<Moment> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(process.hrtime.bigint());
      let waiters = this.byRun.get(runId);
      if (!waiters) this.byRun.set(runId, (waiters = new Set()));
      const done = (at = process.hrtime.bigint()) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", ended);
        waiters.delete(done);
        if (waiters.size === 0 && this.byRun.get(runId) === waiters) this.byRun.delete(runId);
        resolve(at);
      };
      const ended = () => done();
      const timer = setTimeout(ended, ms);
      signal?.addEventListener("abort", ended, { once: true });
      waiters.add(done);
    });
  }

  wake(runId: string): void {
    const at = process.hrtime.bigint();
    for (const done of [...(this.byRun.get(runId) ?? [])]) done(at);
  }

  wakeAll(): void {
    for (const runId of [...this.byRun.keys()]) this.wake(runId);
  }
}

/** No channel (SQLite): every wait lasts its time. */
export function pacedSignals(): RunSignals {
  const waits = new Waits();
  return {
    next: (runId, ms, signal) => waits.next(runId, ms, signal),
    listening: false,
    async close() {
      waits.wakeAll();
    },
  };
}

export interface ListenOptions {
  /** Wait before connecting again after the connection is lost (default 1 s). */
  retryMs?: number;
  logger?: Pick<Logger, "warn" | "info">;
  /** Told of every run notice: the run and the last seq stored (by any server, this one too). */
  onNotice?: (runId: string, seq: number) => void;
  /** Told of every control sent to whichever server drives the run. */
  onControl?: (runId: string, action: ControlAction) => void;
}

/** LISTENs on the runs channel of the Postgres at `url`, connecting again whenever the connection is lost. */
export function listenForRuns(url: string, options: ListenOptions = {}): RunSignals {
  const retryMs = options.retryMs ?? 1000;
  const waits = new Waits();
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let reported = false;

  const lost = (why: string) => {
    listening = false;
    client = undefined;
    if (closed) return;
    if (!reported) options.logger?.warn({ reason: why }, "run notices from the database stopped; following runs by reading the store until they are back");
    reported = true;
    // Whatever was missed meanwhile is read now.
    waits.wakeAll();
    retry = setTimeout(connect, retryMs);
    retry.unref();
  };
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    c.on("notification", (n) => {
      const [runId, what] = n.payload?.split(" ") ?? [];
      if (!runId || !what) return;
      if (n.channel === CONTROL_CHANNEL) {
        if ((CONTROL_ACTIONS as readonly string[]).includes(what)) options.onControl?.(runId, what as ControlAction);
        return;
      }
      waits.wake(runId);
      options.onNotice?.(runId, Number(what));
    });
    c.on("error", (e) => lost(e.message));
    c.on("end", () => {
      if (client === c) lost("the connection ended");
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${RUN_CHANNEL}; LISTEN ${CONTROL_CHANNEL}`);
    } catch (e) {
      c.removeAllListeners("end");
      void c.end().catch(() => {});
      return lost((e as Error).message);
    }
    if (closed) return void c.end().catch(() => {});
    client = c;
    listening = true;
    if (reported) options.logger?.info("run notices from the database are back");
    reported = false;
    // A notice sent while no one listened is lost: readers look again now.
    waits.wakeAll();
  };
  void connect();

  return {
    next: (runId, ms, signal) => waits.next(runId, ms, signal),
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      waits.wakeAll();
      const c = client;
      client = undefined;
      listening = false;
      if (c) await c.end().catch(() => {});
    },
  };
}
