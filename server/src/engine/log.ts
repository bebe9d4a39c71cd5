// The run's event log as the engine writes it: each event is folded into the live state at
// once, then written to the store in batches, and only then published to subscribers.
// Streamed text that arrives within one turn of the event loop becomes one stored delta (or,
// with `deltaFlushMs`, the text of that many milliseconds): a token waits for no timer, and the
// busier the process, the more tokens each row carries.
import { applyEvent, type RunEvent, type RunEventBody, type RunState } from "@tandem/shared";
import { progressOf } from "../store/progress.js";
import type { EventStore } from "../store/types.js";

const MAX_BATCH = 256;

export type Listener = (event: RunEvent) => void;

/**
 * Writes the pending events of many runs in one store transaction (a group commit), then
 * publishes them. Many runs streaming at once would otherwise pay a commit each per flush.
 */
export class GroupFlush {
  private readonly dirty = new Set<EventLog>();
  private scheduled = false;

  constructor(private readonly store: EventStore) {}

  schedule(log: EventLog): void {
    this.dirty.add(log);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    // Text streamed during this turn becomes a delta now (its log is already in `dirty`).
    for (const log of this.dirty) log.turnEnded();
    this.scheduled = false;
    // Logs flushed on their own since they were scheduled have nothing left to write.
    const logs = [...this.dirty].filter((log) => log.hasPending);
    this.dirty.clear();
    if (logs.length === 0) return;
    let written: RunEvent[][];
    try {
      written = this.store.batch(() =>
        logs.map((log) => {
          try {
            return log.write();
          } catch {
            // The store refused this run's events (another writer has it): only this run stops.
            return [];
          }
        }),
      );
    } catch {
      // The commit itself failed (say the database stayed locked past its timeout): nothing
      // of these runs was stored, so each stops where the store has it. Thrown from here,
      // the error would take the whole process down.
      for (const log of logs) log.refused();
      return;
    }
    logs.forEach((log, i) => log.publish(written[i]!));
  }
}

export class EventLog {
  private unflushed: RunEvent[] = [];
  private delta: { nodeId: string; text: string } | null = null;
  private deltaTimer: NodeJS.Timeout | null = null;
  readonly listeners = new Set<Listener>();
  /** Set when the process lets go of the run: nothing more is written or published. */
  detached = false;
  /** Told when the store refuses the run's events: another process drives the run now. */
  onRefused?: () => void;
  /** Told of every stored event after the listeners, with the run's state (the engine's observers). */
  observer?: (event: RunEvent, state: RunState) => void;

  constructor(
    readonly state: RunState,
    private readonly store: EventStore,
    private readonly now: () => number,
    private readonly deltaFlushMs: number,
    private readonly group: GroupFlush,
  ) {}

  /** `at` is for an event whose fields are reckoned from its own time (a human request's deadline). */
  emit(body: RunEventBody, at = this.now()): RunEvent {
    this.closeDelta();
    return this.push(body, at);
  }

  /** Streamed text: stored and published coalesced. */
  streamed(nodeId: string, text: string): void {
    if (this.delta && this.delta.nodeId !== nodeId) this.closeDelta();
    if (this.delta) this.delta.text += text;
    else this.delta = { nodeId, text };
    if (this.deltaFlushMs === 0) this.group.schedule(this);
    else
      this.deltaTimer ??= setTimeout(() => {
        this.deltaTimer = null;
        this.closeDelta();
      }, this.deltaFlushMs);
  }

  /** @internal The group flush is about to write: text gathered by the turn becomes a delta. */
  turnEnded(): void {
    if (this.deltaFlushMs === 0) this.closeDelta();
  }

  /** Drops streamed text not yet written (a failed attempt's partial reply). */
  dropDelta(): void {
    this.delta = null;
    this.clearDeltaTimer();
  }

  /** Writes everything emitted so far to the store, then publishes it. */
  flush(): void {
    this.publish(this.write());
  }

  get hasPending(): boolean {
    return this.unflushed.length > 0 && !this.detached;
  }

  /** Writes the pending events to the store; returns them for publish(). */
  write(): RunEvent[] {
    if (this.unflushed.length === 0 || this.detached) return [];
    const batch = this.unflushed;
    this.unflushed = [];
    try {
      this.store.append(this.state.runId, batch, progressOf(this.state));
    } catch (e) {
      this.refused();
      throw e;
    }
    return batch;
  }

  /**
   * @internal The store refused what was written: this copy of the run is behind the store
   * (another process took the run over and wrote first), so it lets go; the store stays the truth.
   */
  refused(): void {
    this.detached = true;
    this.onRefused?.();
  }

  /** Tells the listeners about events that are stored. */
  publish(batch: readonly RunEvent[]): void {
    for (const e of batch) {
      for (const listener of this.listeners) {
        try {
          listener(e);
        } catch {
          // A failing subscriber must not stop the run or the other subscribers.
        }
      }
      this.observer?.(e, this.state);
    }
  }

  /** Everything written, timers stopped: the run is at rest or over. */
  settle(): void {
    this.closeDelta();
    this.flush();
  }

  private push(body: RunEventBody, at = this.now()): RunEvent {
    if (this.detached) throw new DOMException("detached", "AbortError");
    const event = { ...body, seq: this.state.lastSeq + 1, at } as RunEvent;
    applyEvent(this.state, event);
    this.unflushed.push(event);
    if (this.unflushed.length >= MAX_BATCH) this.flush();
    else if (this.unflushed.length === 1) this.group.schedule(this);
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
