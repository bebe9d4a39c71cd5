// GET /api/runs/:id/events as Server-Sent Events: the stored events after `after` (or
// Last-Event-ID), then live ones as they are stored, each with `id: <seq>`, and a heartbeat
// comment every 15 s. The stream ends after run.finished. A subscriber that goes away leaves
// no listener or timer behind; the hub counts open streams and live heartbeat timers so that
// this can be checked from outside (GET /api/health → `sse`).
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { RunEvent } from "@tandem/shared";
import type { Engine } from "../engine/engine.js";

export const HEARTBEAT_MS = 15_000;

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

  constructor(readonly heartbeatMs: number = HEARTBEAT_MS) {}

  stats(): SseStats {
    return { open: this.closers.size, timers: this.timers };
  }

  /** Ends every open stream (clients reconnect with Last-Event-ID to whoever serves next). */
  closeAll(): void {
    for (const close of [...this.closers]) close();
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

export function runEventStream(c: Context, engine: Engine, hub: SseHub, runId: string, after: number): Response {
  // Proxies (nginx) must not buffer a live stream.
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    const queue: RunEvent[] = [];
    let wake: (() => void) | null = null;
    let closed = false;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const close = () => {
      closed = true;
      notify();
    };
    const untrack = hub.track(close);
    stream.onAbort(close);
    // Subscribe before reading the store, so nothing stored in between is missed; events
    // seen both ways are dropped by seq. A run that is not live in this process (finished,
    // imported) gets no new events: its stored ones are all there is.
    const unsubscribe = engine.get(runId)?.subscribe((e) => {
      queue.push(e);
      notify();
    });
    const stopHeartbeat = hub.heartbeat(() => void stream.write(": heartbeat\n\n"));
    let last = after;
    let finished = false;
    // Everything waiting goes out in one write: a socket write per event per subscriber is
    // what costs most when many runs stream to many subscribers.
    const send = async (events: readonly RunEvent[]) => {
      let out = "";
      for (const e of events) {
        if (e.seq <= last || finished) continue;
        last = e.seq;
        out += frame(e);
        if (e.type === "run.finished") finished = true;
      }
      if (out) await stream.write(out);
    };
    try {
      const stored = engine.store.events(runId, after);
      for (let i = 0; i < stored.length && !closed && !finished; i += 200) await send(stored.slice(i, i + 200));
      while (!finished && !closed && unsubscribe) {
        if (queue.length) await send(queue.splice(0));
        else await new Promise<void>((r) => (wake = r));
      }
    } finally {
      stopHeartbeat();
      unsubscribe?.();
      untrack();
    }
  });
}
