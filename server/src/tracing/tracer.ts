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

export interface Tracing {
  /** Stops observing, and sends what is queued. */
  close(): Promise<void>;
}

export function startTracing(engine: Engine, store: Pick<EventStore, "events">, config: TraceExport, logger?: Logger, options?: ExporterOptions): Tracing {
  const exporter = new SpanExporter(config, { serviceName: config.serviceName, serviceVersion: pkg.version }, logger, options);
  const runs = new Map<string, RunSpans>();
  const spansOf = (event: RunEvent, state: RunState): RunSpans => {
    let spans = runs.get(state.runId);
    if (spans) return spans;
    spans = new RunSpans(state.runId, config.content);
    runs.set(state.runId, spans);
    // What came before this event was closed by the process (or the run) that wrote it.
    if (event.seq > 1) for (const earlier of store.events(state.runId)) if (earlier.seq < event.seq) spans.feed(earlier, state);
    return spans;
  };
  const stop = engine.observe((event, state) => {
    exporter.push(spansOf(event, state).feed(event, state));
    if (event.type === "run.finished") runs.delete(state.runId);
  });
  return {
    close: async () => {
      stop();
      await exporter.close();
    },
  };
}
