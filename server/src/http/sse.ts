// GET /api/runs/:id/events as Server-Sent Events: the stored events after `after` (or
// Last-Event-ID), then live ones as they are stored, each with `id: <seq>`, and a heartbeat
// comment every 15 s. The stream ends after run.finished. A subscriber that goes away leaves
// no listener or timer behind.
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { RunEvent } from "@tandem/shared";
import type { Engine } from "../engine/engine.js";

export const HEARTBEAT_MS = 15_000;

export function runEventStream(c: Context, engine: Engine, runId: string, after: number): Response {
  return streamSSE(c, async (stream) => {
    const queue: RunEvent[] = [];
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    // Subscribe before reading the store, so nothing stored in between is missed;
    // events seen twice are dropped by seq.
    const unsubscribe = engine.get(runId)?.subscribe((e) => {
      queue.push(e);
      notify();
    });
    const heartbeat = setInterval(() => void stream.write(": heartbeat\n\n"), HEARTBEAT_MS);
    let closed = false;
    stream.onAbort(() => {
      closed = true;
      notify();
    });
    let last = after;
    let finished = false;
    const send = async (e: RunEvent) => {
      if (e.seq <= last) return;
      last = e.seq;
      await stream.writeSSE({ id: String(e.seq), event: e.type, data: JSON.stringify(e) });
      if (e.type === "run.finished") finished = true;
    };
    try {
      for (const e of engine.store.events(runId, after)) await send(e);
      // A run that is not live in this process will get no new events.
      while (!finished && !closed && unsubscribe) {
        while (queue.length && !closed) await send(queue.shift()!);
        if (!finished && !closed) await new Promise<void>((r) => (wake = r));
      }
    } finally {
      clearInterval(heartbeat);
      unsubscribe?.();
    }
  });
}
