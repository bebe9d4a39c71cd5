// The run's event log as the engine writes it: each event is folded into the live state at
// once, then written to the store in batches, and only then published to subscribers.
// Streamed text that arrives within one turn of the event loop becomes one stored delta (or,
// with `deltaFlushMs`, the text of that many milliseconds): a token waits for no timer, and the
// busier the process, the more tokens each row carries.
import { AsyncResource } from "node:async_hooks";
import { applyEvent, type RunEvent, type RunEventBody, type RunState } from "@tandem/shared";
import { progressOf } from "../store/progress.js";
import { StoreUnavailableError } from "../store/sql/types.js";
import type { EventStore } from "../store/types.js";

export type Listener = (event: RunEvent) => void;

const detachedError = () => new DOMException("detached", "AbortError");

/** Waits between tries while the store cannot be reached. */
const RETRY_MS = [100, 250, 500, 1000, 2000];

/** Told when writes start failing because the store cannot be reached (with why), and when they go through again (null). */
export type StoreHealth = (trouble: Error | null) => void;

/**
 * Writes the pending events of many runs in one store transaction (a group commit), then
 * publishes them. Many runs streaming at once would otherwise pay a commit each per flush.
 * One group is written at a time, so each run's batches reach the store in order.
 */
export class GroupFlush {
  private readonly dirty = new Set<EventLog>();
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();
  /** Tries since the store could last be reached. */
  private failures = 0;

  constructor(
    private readonly store: EventStore,
    private readonly health: StoreHealth = () => {},
  ) {}

  schedule(log: EventLog): void {
    this.dirty.add(log);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.outside(() => void this.run()));
  }

  // Groups are written in the context the engine was made in: never inside a transaction of
  // whoever emitted first (a schedule starting a run), whose commit must not wait on them.
  private readonly outside = AsyncResource.bind((fn: () => void) => fn());

  private async run(): Promise<void> {
    await this.writing;
    // Text streamed meanwhile becomes a delta now (its log is already in `dirty`).
    for (const log of this.dirty) log.turnEnded();
    this.scheduled = false;
    // Logs written on their own since they were scheduled have nothing left to write.
    const logs = [...this.dirty].filter((log) => log.hasPending);
    this.dirty.clear();
    if (logs.length === 0) return;
    const batches = logs.map((log) => log.take());
    this.writing = this.write(logs, batches);
    await this.writing;
  }

  private async write(logs: EventLog[], batches: ReturnType<EventLog["take"]>[]): Promise<void> {
    let stored: boolean[];
    // All of them are published once stored, those a lost commit stored included.
    const all = batches.map((b) => b.events);
    try {
      // A try after an outage: what the lost connection committed after all is not written twice.
      if (this.failures > 0) await Promise.all(batches.map(async (b) => (b.events = await this.unstored(b.runId, b.events))));
      stored = await this.store.batch(async () => {
        const ok: boolean[] = [];
        // One after another: on one connection, in one transaction, each in a savepoint of its own.
        for (const b of batches) {
          try {
            if (b.events.length > 0) await this.store.append(b.runId, b.events, b.progress);
            ok.push(true);
          } catch (e) {
            if (e instanceof StoreUnavailableError) throw e;
            // The store refused this run's events (another writer has it): only this run stops.
            ok.push(false);
          }
        }
        return ok;
      });
    } catch (e) {
      if (e instanceof StoreUnavailableError) return this.retryLater(logs, batches, e);
      // The commit itself failed (a database that stayed locked): nothing of these runs was
      // stored, so each stops where the store has it. Thrown from here, the error would take
      // the whole process down.
      stored = logs.map(() => false);
    }
    if (this.failures > 0) this.health(null);
    this.failures = 0;
    logs.forEach((log, i) => (stored[i] ? log.stored(all[i]!) : log.refused()));
  }

  /**
   * The store cannot be reached (Postgres restarting, the network cut): the events go back to
   * their logs, first in line, and are written when it answers again. The runs go on in memory
   * meanwhile, but nothing waiting on a flush (a side effect, a person's answer) goes ahead.
   */
  private async retryLater(logs: EventLog[], batches: ReturnType<EventLog["take"]>[], e: StoreUnavailableError): Promise<void> {
    if (this.failures === 0) this.health(e);
    const wait = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)]!;
    this.failures++;
    logs.forEach((log, i) => log.putBack(batches[i]!.events));
    await new Promise((resolve) => setTimeout(resolve, wait));
    for (const log of logs) this.schedule(log);
  }

  /** The events the store does not have yet (a commit whose answer was lost may have gone through). */
  private async unstored(runId: string, events: RunEvent[]): Promise<RunEvent[]> {
    const last = (await this.store.run(runId))?.lastSeq ?? 0;
    return events.filter((e) => e.seq > last);
  }
}

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class EventLog {
  private unflushed: RunEvent[] = [];
  private delta: { nodeId: string; text: string } | null = null;
  private deltaTimer: NodeJS.Timeout | null = null;
  /** The last seq the store has; those who wait for theirs to be stored. */
  private storedSeq: number;
  private waiters: Waiter[] = [];
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
  ) {
    this.storedSeq = state.lastSeq;
  }

  /** `at` is for an event whose fields are reckoned from its own time (a human request's deadline). */
  emit(body: RunEventBody, at = this.now()): RunEvent {
    this.closeDelta();
    return this.push(body, at);
  }

  /** Streamed text: stored and published coalesced. */
  streamed(nodeId: string, text: string): void {
    // Let go (another process has the run): the stream is being aborted; its text goes nowhere.
    if (this.detached) return;
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

  /**
   * Resolves once everything emitted so far is stored (and published): what goes before a side
   * effect, or before a person is told. Rejects when the store refused it (another process has the run).
   */
  flush(): Promise<void> {
    if (this.detached) return Promise.reject(detachedError());
    const seq = this.state.lastSeq;
    if (seq <= this.storedSeq) return Promise.resolve();
    this.group.schedule(this);
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /**
   * Writes what is pending now, in the caller's transaction (see Engine.respond): for a log
   * made inside one, which the group, writing outside it, must not wait on.
   */
  async writeHere(): Promise<void> {
    if (!this.hasPending) return;
    const b = this.take();
    try {
      await this.store.append(b.runId, b.events, b.progress);
    } catch (e) {
      this.refused();
      throw e;
    }
    this.stored(b.events);
  }

  get hasPending(): boolean {
    return this.unflushed.length > 0 && !this.detached;
  }

  /** @internal Hands the pending events over to be written, with the progress they bring the run to. */
  take() {
    const events = this.unflushed;
    this.unflushed = [];
    return { runId: this.state.runId, events, progress: progressOf(this.state) };
  }

  /** @internal The events could not be written yet: they are written first next time. */
  putBack(events: RunEvent[]): void {
    this.unflushed = [...events, ...this.unflushed];
  }

  /** @internal The events are stored: publish them and wake those who waited for them. */
  stored(events: readonly RunEvent[]): void {
    if (events.length === 0) return;
    this.storedSeq = events.at(-1)!.seq;
    this.publish(events);
    const ready = this.waiters.filter((w) => w.seq <= this.storedSeq);
    this.waiters = this.waiters.filter((w) => w.seq > this.storedSeq);
    for (const w of ready) w.resolve();
  }

  /**
   * @internal The store refused what was written: this copy of the run is behind the store
   * (another process took the run over and wrote first), so it lets go; the store stays the truth.
   */
  refused(): void {
    this.detached = true;
    this.unflushed = [];
    this.dropDelta();
    for (const w of this.waiters.splice(0)) w.reject(detachedError());
    this.onRefused?.();
  }

  /** Tells the listeners about events that are stored. */
  private publish(batch: readonly RunEvent[]): void {
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
  settle(): Promise<void> {
    this.closeDelta();
    return this.flush();
  }

  private push(body: RunEventBody, at = this.now()): RunEvent {
    if (this.detached) throw detachedError();
    const event = { ...body, seq: this.state.lastSeq + 1, at } as RunEvent;
    applyEvent(this.state, event);
    this.unflushed.push(event);
    if (this.unflushed.length === 1) this.group.schedule(this);
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
