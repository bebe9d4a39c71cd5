// GET /api/runs/:id/events as Server-Sent Events: the stored events after `after` (or
// Last-Event-ID), then live ones as they are stored, each with `id: <seq>`, and a heartbeat
// comment every 15 s. The stream ends after run.finished. A subscriber that goes away leaves
// no listener or timer behind; the hub counts open streams and live heartbeat timers so that
// this can be checked from outside (GET /api/health → `sse`). A subscriber that stops reading
// is cut off once too much is queued for it, rather than holding memory for it without end:
// it reconnects with Last-Event-ID and catches up from the store at its own pace. A run that
// another process drives (a `tandem run` in a terminal, or another server on the database) is
// followed through the store, read when the database says the run has news (Postgres), else at a pace.
import type { ServerResponse } from "node:http";
import type { Context } from "hono";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { RunEvent } from "@tandem/shared";
import type { Engine } from "../engine/engine.js";
import type { Run } from "../engine/run.js";
import { pacedSignals, type Moment, type RunSignals } from "../cluster/run-signals.js";

const HEARTBEAT_MS = 15_000;
/** Bytes queued for one subscriber (beyond what the socket took) before it is cut off. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** How often the store is read for a run that another process drives; told by the database when it has news, less often. */
const STORE_POLL_MS = 250;
const STORE_POLL_TOLD_MS = 2000;

export interface SseHubOptions {
  heartbeatMs?: number;
  maxQueuedBytes?: number;
  /** Told when a subscriber is cut off for falling behind. */
  onCutOff?: (runId: string, queuedBytes: number) => void;
  /** Word of new events of runs other servers drive (default: none, the store is read at a pace). */
  signals?: RunSignals;
}

export interface SseStats {
  /** Event streams that are open now. */
  open: number;
  /** Heartbeat timers that are running now (one per open stream). */
  timers: number;
}

/** Every open event stream of this server: counted, and ended together on shutdown. */
export class SseHub {
  private readonly closers = new Set<() => void>();
  private timers = 0;
  /** Reads of a run's stored events under way: when one notice wakes many subscribers of a run, one read serves them. */
  private readonly reads = new Map<string, { after: number; began: Moment; events: Promise<RunEvent[]> }>();

  readonly heartbeatMs: number;
  readonly maxQueuedBytes: number;
  /** @internal */
  readonly onCutOff: (runId: string, queuedBytes: number) => void;
  /** @internal */
  readonly signals: RunSignals;

  constructor(options: SseHubOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    this.maxQueuedBytes = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
    this.onCutOff = options.onCutOff ?? (() => {});
    this.signals = options.signals ?? pacedSignals();
  }

  stats(): SseStats {
    return { open: this.closers.size, timers: this.timers };
  }

  /** Ends every open stream (clients reconnect with Last-Event-ID to whoever serves next). */
  closeAll(): void {
    for (const close of [...this.closers]) close();
  }

  /**
   * @internal The run's stored events after `after`, read by `read`; a read of the same run
   * begun since `toldAt` (so it sees what the notice told of) from no later a seq is shared.
   */
  storedAfter(runId: string, after: number, toldAt: Moment, read: () => Promise<RunEvent[]>): Promise<RunEvent[]> {
    const going = this.reads.get(runId);
    if (going && going.began >= toldAt && going.after <= after) return going.events.then((all) => all.filter((e) => e.seq > after));
    const events = read();
    const entry = { after, began: process.hrtime.bigint(), events };
    this.reads.set(runId, entry);
    const done = () => {
      if (this.reads.get(runId) === entry) this.reads.delete(runId);
    };
    events.then(done, done);
    return events;
  }

  /** @internal */
  track(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  /** @internal A heartbeat timer that the hub counts until it is stopped. */
  heartbeat(beat: () => void): () => void {
    const timer = setInterval(beat, this.heartbeatMs);
    this.timers++;
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      this.timers--;
    };
  }
}

// Every subscriber of a run gets the same bytes for an event: serialize it once.
const frames = new WeakMap<RunEvent, string>();
function frame(e: RunEvent): string {
  let f = frames.get(e);
  if (f === undefined) {
    f = `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
    frames.set(e, f);
  }
  return f;
}

/** What a view makes of an event; undefined: nothing is sent for it. */
export type EventView = (e: RunEvent) => object | undefined;

function viewFrame(e: RunEvent, view: EventView): string {
  const shown = view(e);
  return shown === undefined ? "" : `id: ${e.seq}\ndata: ${JSON.stringify(shown)}\n\n`;
}

/** Resolves when the client has taken what was written, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Writes the stream straight to Node's response: events published together (one group
 * commit) leave in one socket write per subscriber, with no web-stream plumbing per event.
 * With a `view`, each event is sent as the view shows it (a message with no event name), or not at all.
 */
export function runEventStream(c: Context, engine: Engine, hub: SseHub, runId: string, after: number, view?: EventView): Response {
  const res = (c.env as { outgoing: ServerResponse }).outgoing;
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-content-type-options": "nosniff",
    // Proxies (nginx) must not buffer a live stream.
    "x-accel-buffering": "no",
  });
  res.flushHeaders();

  let last = after;
  let finished = false;
  let closed = false;
  let live = false;
  let out = "";
  const early: RunEvent[] = [];
  let unsubscribe: (() => void) | undefined;
  const stopWaiting = new AbortController();

  const stopHeartbeat = hub.heartbeat(() => void res.write(": heartbeat\n\n"));
  const close = () => {
    if (closed) return;
    closed = true;
    stopHeartbeat();
    stopWaiting.abort();
    unsubscribe?.();
    untrack();
    res.end();
  };
  const untrack = hub.track(close);
  res.once("close", close);

  const add = (e: RunEvent) => {
    if (e.seq <= last || finished) return;
    last = e.seq;
    out += view ? viewFrame(e, view) : frame(e);
    if (e.type === "run.finished") finished = true;
  };
  // Whatever was added during this task goes out in one write once the task is done.
  const sendPending = () => {
    if (closed || out === "") return;
    const text = out;
    out = "";
    res.write(text);
    if (finished) close();
    else if (res.writableLength > hub.maxQueuedBytes) {
      // Dropping the queue mid-frame is safe: a client only acts on whole messages, and
      // resumes after the last one it got.
      hub.onCutOff(runId, res.writableLength);
      res.destroy();
    }
  };
  /** The stored events after the last one sent, at the pace the client reads; `toldAt`: woken by a notice then (a read may be shared). */
  const catchUp = async (toldAt?: Moment) => {
    const read = () => engine.events(runId, last);
    const stored = await (toldAt === undefined ? read() : hub.storedAfter(runId, last, toldAt, read));
    for (let i = 0; i < stored.length && !closed && !finished; i += 200) {
      for (const e of stored.slice(i, i + 200)) add(e);
      const text = out;
      out = "";
      if (text && !res.write(text)) await drained(res);
    }
  };
  // A run this process drives: subscribe before reading the store, so nothing stored in
  // between is missed; events seen both ways are dropped by seq.
  const follow = async (run: Run) => {
    unsubscribe = run.subscribe((e) => {
      if (!live) return void early.push(e);
      if (out === "") queueMicrotask(sendPending);
      add(e);
    });
    // Let go unfinished (another process took it over): followed on, wherever it is now.
    void run.done.then(() => {
      if (closed || finished || !run.detached) return;
      unsubscribe?.();
      unsubscribe = undefined;
      live = false;
      early.length = 0;
      // A failed read of the store ends the stream (the client reconnects), rather than the process.
      stream().catch(close);
    });
    await catchUp();
    live = true;
    for (const e of early.splice(0)) add(e);
    sendPending();
  };
  // A run that another process drives (say a `tandem run` in a terminal) is followed through
  // the store, until it finishes or this process takes it on (answered here, or the other is gone).
  const tail = async () => {
    await catchUp();
    while (!closed && !finished) {
      const toldAt = await hub.signals.next(runId, hub.signals.listening ? STORE_POLL_TOLD_MS : STORE_POLL_MS, stopWaiting.signal);
      const run = engine.get(runId);
      if (run) return follow(run);
      await catchUp(toldAt);
    }
  };
  const stream = async () => {
    const run = engine.get(runId);
    const row = await engine.runSummary(runId);
    if (run) await follow(run);
    else if (row && row.finishedAt === null && !row.imported) await tail();
    // Finished or imported: the stored events are all there is.
    else await catchUp();
    if (finished || !unsubscribe) close();
  };

  // A failed read of the store ends the stream (the client reconnects), rather than the process.
  stream().catch(close);
  return RESPONSE_ALREADY_SENT;
}
