// Traces of every run this process drives: each stored event the engine observes goes to its
// run's spans, and the spans it ends go to the exporter's queue — nothing here waits, so a slow
// or absent collector never holds a run up. A run first seen mid-way (a fork's copied start, a
// run resumed after a restart) has its open spans rebuilt from its log without exporting again
// what that log had already closed.
import type { RunEvent, RunState } from "@tandem/shared";
import type { Logger } from "pino";
import pkg from "../../package.json" with { type: "json" };
import type { Engine } from "../engine/engine.js";
import type { EventStore } from "../store/types.js";
import type { TraceExport } from "./config.js";
import { SpanExporter, type ExporterOptions } from "./exporter.js";
import { RunSpans } from "./run-spans.js";

/** What a run's spans read of its state, as it was at the event (kept while earlier events are read). */
type Fed = Pick<RunState, "runId" | "flow" | "messages" | "costUsd">;

const snapshot = (s: RunState): Fed => ({ runId: s.runId, flow: s.flow, messages: [...s.messages], costUsd: s.costUsd });

export interface Tracing {
  /** Stops observing, and sends what is queued. */
  close(): Promise<void>;
}

export function startTracing(engine: Engine, store: Pick<EventStore, "events">, config: TraceExport, logger?: Logger, options?: ExporterOptions): Tracing {
  const exporter = new SpanExporter(config, { serviceName: config.serviceName, serviceVersion: pkg.version }, logger, options);
  const runs = new Map<string, RunSpans>();
  // Runs first seen mid-way whose earlier events are being read: what arrives meanwhile waits its turn.
  const reading = new Map<string, Promise<void>>();
  const feed = (spans: RunSpans, event: RunEvent, state: Fed) => {
    exporter.push(spans.feed(event, state));
    if (event.type === "run.finished") runs.delete(state.runId);
  };
  /** Opens the spans of the events before `seq`, from the run's log. */
  const rebuild = async (spans: RunSpans, seq: number, state: Fed) => {
    try {
      for (const earlier of await store.events(state.runId)) if (earlier.seq < seq) spans.feed(earlier, state);
    } catch (err) {
      logger?.warn({ runId: state.runId, err: (err as Error).message }, "could not read a run's earlier events: its trace starts here");
    }
  };
  const stop = engine.observe((event, state) => {
    let spans = runs.get(state.runId);
    if (!spans) {
      spans = new RunSpans(state.runId, config.content);
      runs.set(state.runId, spans);
      // What came before this event was closed by the process (or the run) that wrote it.
      if (event.seq > 1) reading.set(state.runId, rebuild(spans, event.seq, snapshot(state)));
    }
    const before = reading.get(state.runId);
    if (!before) return feed(spans, event, state);
    const fed = snapshot(state);
    const next = before.then(() => feed(spans, event, fed));
    reading.set(state.runId, next);
    void next.then(() => {
      if (reading.get(state.runId) === next) reading.delete(state.runId);
    });
  });
  return {
    close: async () => {
      stop();
      await Promise.all(reading.values());
      await exporter.close();
    },
  };
}
