// The engine: starts runs, rebuilds interrupted ones from their events, and keeps the live
// ones so that answers and control requests reach them. It knows nothing of HTTP or terminals.
import { randomUUID } from "node:crypto";
import {
  describeProblems,
  fold,
  hasErrors,
  isFinished,
  parseFlow,
  validateFlow,
  type Flow,
  type Problem,
  type RunEvent,
  type RunOptions,
  type RunState,
} from "@tandem/shared";
import { DEFAULT_MAX_TIMER_MS, DEFAULT_RETRY, type EngineDeps, type RetryPolicy } from "./deps.js";
import { summaryOf } from "../store/summary.js";
import { RunDamagedError } from "./errors.js";
import { checkForkState, forkEvents, type ForkOptions } from "./fork.js";
import { EventLog, GroupFlush } from "./log.js";
import { checkAnswer, Run, type RunDeps } from "./run.js";

export class FlowInvalidError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`the flow is not valid:\n${describeProblems(problems)}`);
  }
}

export class UnknownRunError extends Error {
  constructor(readonly runId: string) {
    super(`unknown run "${runId}"`);
  }
}

/** The run is driven by another process on the same data (see store/owners.ts). */
export class RunHeldError extends Error {
  constructor(
    readonly runId: string,
    readonly pid: number,
  ) {
    super(`run ${runId} is being driven by another Tandem process (pid ${pid}): answer or control it there, or stop that process`);
  }
}

export interface StartOptions {
  options?: RunOptions;
  flowId?: string;
  flowVersion?: number;
}

/** Checks a flow document (shape and graph) as every run does before it starts. */
export function checkFlow(doc: unknown): Flow {
  const parsed = parseFlow(doc);
  if (!parsed.ok) throw new FlowInvalidError(parsed.problems);
  const problems = validateFlow(parsed.flow).filter((p) => p.severity === "error");
  if (hasErrors(problems)) throw new FlowInvalidError(problems);
  return parsed.flow;
}

export class Engine {
  private readonly live = new Map<string, Run>();
  private readonly runDeps: RunDeps;
  private readonly deltaFlushMs: number;
  private readonly group: GroupFlush;

  constructor(private readonly deps: EngineDeps) {
    const retry: RetryPolicy = { ...DEFAULT_RETRY, ...deps.retry };
    this.runDeps = {
      registry: deps.registry,
      retry,
      now: deps.now ?? Date.now,
      newId: deps.newId ?? (() => randomUUID()),
      maxTimerMs: deps.maxTimerMs ?? DEFAULT_MAX_TIMER_MS,
    };
    this.deltaFlushMs = deps.deltaFlushMs ?? 0;
    this.group = new GroupFlush(deps.store);
  }

  get store() {
    return this.deps.store;
  }

  /** Starts a run of a flow; the flow is checked first and a bad one never starts. */
  start(doc: unknown, input: string, opts: StartOptions = {}): Run {
    const flow = checkFlow(doc);
    const runId = this.runDeps.newId();
    const log = this.newLog(fold([]));
    log.emit({
      type: "run.started",
      runId,
      flow,
      ...(opts.flowId ? { flowId: opts.flowId, flowVersion: opts.flowVersion } : {}),
      input,
      options: opts.options ?? {},
    });
    log.flush();
    return this.track(runId, () => new Run(log, this.runDeps));
  }

  /** A new run from another run's events up to `o.at` (see fork.ts), going on live. */
  fork(parentId: string, o: ForkOptions): Run {
    const parent = this.deps.store.events(parentId);
    if (parent.length === 0) throw new UnknownRunError(parentId);
    const runId = this.runDeps.newId();
    const events = forkEvents(parent, runId, o);
    const started = events[0];
    if (started?.type === "run.started") checkFlow(started.flow);
    checkForkState(events, o.answer);
    const state = fold(events);
    // Checked before anything is stored: a refused answer must not leave a fork behind.
    if (o.answer && state.pending) checkAnswer(state.pending, o.answer);
    this.deps.store.append(runId, events, summaryOf(state));
    const run = this.track(runId, () => new Run(this.newLog(state), this.runDeps));
    if (o.answer && state.pending) run.answer(state.pending.requestId, o.answer, "fork");
    return run;
  }

  /** The live run, rebuilt from the store if it is not running in this process. */
  resume(runId: string): Run {
    const running = this.live.get(runId);
    if (running) return running;
    const state = this.stored(runId)?.state;
    if (!state) throw new UnknownRunError(runId);
    if (isFinished(state)) throw new Error(`run ${runId} has already ${state.status}`);
    return this.track(runId, () => new Run(this.newLog(state), this.runDeps));
  }

  /**
   * Continues every run the store holds as unfinished (after a restart), but those another
   * process drives and those that cannot be read (they stay listed as damaged).
   */
  resumeAll(): { resumed: Run[]; heldElsewhere: RunHeldError[]; damaged: RunDamagedError[] } {
    const ids = this.deps.store.unfinishedRuns();
    // One transaction for every claim, rather than one per run.
    const held = this.deps.owners?.claimAll(ids) ?? new Map<string, number>();
    const resumed: Run[] = [];
    const heldElsewhere: RunHeldError[] = [];
    const damaged: RunDamagedError[] = [];
    for (const id of ids) {
      const pid = held.get(id);
      if (pid !== undefined) heldElsewhere.push(new RunHeldError(id, pid));
      else {
        try {
          resumed.push(this.resume(id));
        } catch (e) {
          if (!(e instanceof RunDamagedError)) throw e;
          this.deps.owners?.release(id);
          damaged.push(e);
        }
      }
    }
    return { resumed, heldElsewhere, damaged };
  }

  /** Takes on the unfinished runs of processes that are gone (say a terminal that quit while a person was needed). */
  adoptLeft(): Run[] {
    const owners = this.deps.owners;
    const adopted: Run[] = [];
    for (const gone of owners?.gone() ?? []) {
      for (const id of owners!.runsOf(gone)) {
        if (this.live.has(id)) continue;
        try {
          adopted.push(this.resume(id));
        } catch (e) {
          // Someone else took it on first, or it cannot be read (it is listed as damaged).
          if (!(e instanceof RunHeldError || e instanceof RunDamagedError)) throw e;
        }
      }
      owners!.forget(gone);
    }
    return adopted;
  }

  get(runId: string): Run | undefined {
    return this.live.get(runId);
  }

  /** State of any run: live, or folded from the store (RunDamagedError if it cannot be). */
  state(runId: string): RunState | undefined {
    return this.live.get(runId)?.state ?? this.stored(runId)?.state;
  }

  /**
   * A stored run's events and the state they fold into; undefined for an unknown run. Events
   * that cannot be read or folded mark the run damaged in the store and throw RunDamagedError.
   */
  stored(runId: string): { events: RunEvent[]; state: RunState } | undefined {
    let events: RunEvent[];
    try {
      events = this.deps.store.events(runId);
    } catch (e) {
      if (e instanceof SyntaxError) throw this.damaged(runId, `an event is not valid JSON (${e.message})`);
      throw e;
    }
    if (events.length === 0) return undefined;
    try {
      return { events, state: fold(events) };
    } catch (e) {
      throw this.damaged(runId, `its events do not fold into a run (${(e as Error).message})`);
    }
  }

  private damaged(runId: string, reason: string): RunDamagedError {
    this.deps.store.markDamaged(runId, reason);
    return new RunDamagedError(runId, reason);
  }

  /**
   * Live runs that wait for a person now: the soonest due first, then the longest waiting.
   * Only a live run takes an answer, so an imported run that stopped waiting is not one.
   */
  waiting(): RunState[] {
    const waiting: RunState[] = [];
    for (const run of this.live.values()) if (run.state.pending) waiting.push(run.state);
    const due = (s: RunState) => s.pending!.deadline ?? Infinity;
    return waiting.sort((a, b) => due(a) - due(b) || a.pending!.at - b.pending!.at);
  }

  /** How many listeners live runs have (event streams, terminals): what a leak check counts. */
  listenerCount(): number {
    let n = 0;
    for (const run of this.live.values()) n += run.log.listeners.size;
    return n;
  }

  /** Writes out what live runs have emitted and lets go of them, uncancelled (for a shutdown that a restart resumes). */
  detach(): void {
    for (const run of this.live.values()) run.detach();
    this.live.clear();
    this.deps.owners?.close();
  }

  /** Cancels every live run and waits for them to record it. */
  async shutdown(): Promise<void> {
    const runs = [...this.live.values()];
    for (const r of runs) r.control("cancel");
    await Promise.all(runs.map((r) => r.done));
  }

  private newLog(state: RunState): EventLog {
    return new EventLog(state, this.deps.store, this.runDeps.now, this.deltaFlushMs, this.group);
  }

  /** Claims the run for this process, then drives it until it finishes. */
  private track(runId: string, drive: () => Run): Run {
    const other = this.deps.owners?.claim(runId);
    if (other !== undefined) throw new RunHeldError(runId, other);
    const run = drive();
    this.live.set(runId, run);
    void run.done.then(() => {
      if (this.live.get(runId) !== run) return; // detached
      this.live.delete(runId);
      this.deps.owners?.release(runId);
    });
    return run;
  }
}
