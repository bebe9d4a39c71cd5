// The run's event log as the engine writes it: each event is folded into the live state at
// once, then written to the store in batches, and only then published to subscribers.
// Streamed text is gathered for `deltaFlushMs` into one stored delta, not a row per token.
import { applyEvent, type RunEvent, type RunEventBody, type RunState } from "@tandem/shared";
import { summaryOf } from "../store/summary.js";
import type { EventStore } from "../store/types.js";

const MAX_BATCH = 256;

export type Listener = (event: RunEvent) => void;

export class EventLog {
  private unflushed: RunEvent[] = [];
  private flushScheduled = false;
  private delta: { nodeId: string; text: string } | null = null;
  private deltaTimer: NodeJS.Timeout | null = null;
  readonly listeners = new Set<Listener>();
  /** Set when the process lets go of the run: nothing more is written or published. */
  detached = false;

  constructor(
    readonly state: RunState,
    private readonly store: EventStore,
    private readonly now: () => number,
    private readonly deltaFlushMs: number,
  ) {}

  emit(body: RunEventBody): RunEvent {
    this.closeDelta();
    return this.push(body);
  }

  /** Streamed text: stored and published coalesced. */
  streamed(nodeId: string, text: string): void {
    if (this.delta && this.delta.nodeId !== nodeId) this.closeDelta();
    if (this.delta) this.delta.text += text;
    else this.delta = { nodeId, text };
    this.deltaTimer ??= setTimeout(() => {
      this.deltaTimer = null;
      this.closeDelta();
      this.flush();
    }, this.deltaFlushMs);
  }

  /** Drops streamed text not yet written (a failed attempt's partial reply). */
  dropDelta(): void {
    this.delta = null;
    this.clearDeltaTimer();
  }

  /** Writes everything emitted so far to the store, then publishes it. */
  flush(): void {
    if (this.unflushed.length === 0) return;
    const batch = this.unflushed;
    this.unflushed = [];
    this.store.append(this.state.runId, batch, summaryOf(this.state));
    for (const e of batch) {
      for (const listener of this.listeners) {
        try {
          listener(e);
        } catch {
          // A failing subscriber must not stop the run or the other subscribers.
        }
      }
    }
  }

  /** Everything written, timers stopped: the run is at rest or over. */
  settle(): void {
    this.closeDelta();
    this.flush();
  }

  private push(body: RunEventBody): RunEvent {
    if (this.detached) throw new DOMException("detached", "AbortError");
    const event = { ...body, seq: this.state.lastSeq + 1, at: this.now() } as RunEvent;
    applyEvent(this.state, event);
    this.unflushed.push(event);
    if (this.unflushed.length >= MAX_BATCH) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
    return event;
  }

  private closeDelta(): void {
    this.clearDeltaTimer();
    if (!this.delta) return;
    const { nodeId, text } = this.delta;
    this.delta = null;
    this.push({ type: "message.delta", nodeId, text });
  }

  private clearDeltaTimer(): void {
    if (this.deltaTimer) {
      clearTimeout(this.deltaTimer);
      this.deltaTimer = null;
    }
  }
}
