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
  type HumanAnswer,
  type Problem,
  type RunEvent,
  type RunOptions,
  type RunState,
} from "@tandem/shared";
import { DEFAULT_RETRY, type EngineDeps, type RetryPolicy } from "./deps.js";
import { summaryOf } from "../store/summary.js";
import { checkForkState, forkEvents, type ForkOptions } from "./fork.js";
import { ControlError } from "./errors.js";
import { EventLog, GroupFlush } from "./log.js";
import { checkAnswer, responseTo, Run, type ControlAction, type RunDeps } from "./run.js";

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
  private detached = false;

  constructor(private readonly deps: EngineDeps) {
    const retry: RetryPolicy = { ...DEFAULT_RETRY, ...deps.retry };
    this.runDeps = {
      registry: deps.registry,
      retry,
      now: deps.now ?? Date.now,
      newId: deps.newId ?? (() => randomUUID()),
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
    this.claim(runId);
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
    this.claim(runId);
    this.deps.store.append(runId, events, summaryOf(state));
    const run = this.track(runId, () => new Run(this.newLog(state), this.runDeps));
    if (o.answer && state.pending) run.answer(state.pending.requestId, o.answer, "fork");
    return run;
  }

  /**
   * The live run; one this process does not drive is taken over (unless another live process
   * drives it: RunHeldError) and rebuilt from its events, read in the same transaction as the
   * claim, so that nothing the last driver stored is missed.
   */
  resume(runId: string): Run {
    const running = this.driven(runId);
    if (running) return running;
    const state = this.exclusive(() => {
      const state = this.stored(runId);
      if (isFinished(state)) throw new ControlError("not_running", `run ${runId} has already ${state.status}`);
      this.claim(runId);
      return state;
    });
    return this.track(runId, () => new Run(this.newLog(state), this.runDeps));
  }

  /**
   * Takes a person's answer, whichever process drove the run. A run this process drives takes
   * it at once. Any other is taken over and answered in one transaction that reads the run's
   * events first: of two processes answering at once, one stores its answer and drives the run
   * on, and the other sees that answer (already_answered); no claim is left without its answer.
   * A retry with the Idempotency-Key of the answer that was taken gets that answer's event.
   */
  answer(runId: string, requestId: string, answer: HumanAnswer, by = "someone", key?: string): RunEvent {
    const running = this.driven(runId);
    if (running) {
      try {
        return this.earlierAnswer(running.state, requestId, key) ?? running.answer(requestId, answer, by, key);
      } catch (e) {
        if (!running.log.detached) throw e;
        // The store refused it: another process took the run over; answer as it has it.
        this.live.delete(runId);
      }
    }
    const taken = this.exclusive(() => {
      const state = this.stored(runId);
      const earlier = this.earlierAnswer(state, requestId, key);
      if (earlier) return { event: earlier };
      const body = responseTo(state, requestId, answer, by, key);
      this.claim(runId);
      const log = this.newLog(state);
      const event = log.emit(body);
      log.flush();
      return { event, log };
    });
    if (taken.log) this.track(runId, () => new Run(taken.log, this.runDeps));
    return taken.event;
  }

  /** Pauses, steps, continues or cancels a run, whichever process drove it (taken over as by resume). */
  control(runId: string, action: ControlAction): Run {
    const running = this.driven(runId);
    if (running) {
      try {
        running.control(action);
        return running;
      } catch (e) {
        if (!running.log.detached) throw e;
        this.live.delete(runId);
      }
    }
    const run = this.resume(runId);
    run.control(action);
    return run;
  }

  /** Continues every run the store holds as unfinished (after a restart), but those another process drives. */
  resumeAll(): { resumed: Run[]; heldElsewhere: RunHeldError[] } {
    const ids = this.deps.store.unfinishedRuns();
    // One transaction for every claim, rather than one per run.
    const held = this.deps.owners?.claimAll(ids) ?? new Map<string, number>();
    const resumed: Run[] = [];
    const heldElsewhere: RunHeldError[] = [];
    for (const id of ids) {
      const pid = held.get(id);
      if (pid !== undefined) {
        heldElsewhere.push(new RunHeldError(id, pid));
        continue;
      }
      // Read after the claim: what the last driver stored is all there.
      const state = this.stored(id);
      if (isFinished(state)) this.deps.owners?.release(id); // it finished meanwhile
      else resumed.push(this.track(id, () => new Run(this.newLog(state), this.runDeps)));
    }
    return { resumed, heldElsewhere };
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
          // Someone else took it on first, or it finished meanwhile.
          if (!(e instanceof RunHeldError || e instanceof ControlError)) throw e;
        }
      }
      owners!.forget(gone);
    }
    return adopted;
  }

  /** The run, if this process drives it. */
  get(runId: string): Run | undefined {
    return this.driven(runId);
  }

  /** State of any run: live, or folded from the store (so a run another process drives reads as stored). */
  state(runId: string): RunState | undefined {
    const live = this.driven(runId);
    if (live) return live.state;
    const events: RunEvent[] = this.deps.store.events(runId);
    return events.length ? fold(events) : undefined;
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
    this.detached = true;
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

  /** Claims the run for this process, or throws RunHeldError naming the live process that drives it. */
  private claim(runId: string): void {
    const other = this.deps.owners?.claim(runId);
    if (other !== undefined) throw new RunHeldError(runId, other);
  }

  /** Runs fn with no other process writing to the store between what it reads and what it writes. */
  private exclusive<T>(fn: () => T): T {
    return this.deps.owners ? this.deps.owners.exclusive(fn) : fn();
  }

  /** The run's state as stored. */
  private stored(runId: string): RunState {
    const events = this.deps.store.events(runId);
    if (events.length === 0) throw new UnknownRunError(runId);
    return fold(events);
  }

  /** The run if this process drives it; one whose events the store refused (another process took it over) is let go. */
  private driven(runId: string): Run | undefined {
    const run = this.live.get(runId);
    if (!run?.log.detached) return run;
    this.live.delete(runId);
    return undefined;
  }

  /** The answer that a retry (the same Idempotency-Key) repeats, if that answer was taken. */
  private earlierAnswer(state: RunState, requestId: string, key: string | undefined): RunEvent | undefined {
    const request = state.requests[requestId];
    if (!key || request?.key !== key || !request.answerSeq) return undefined;
    return this.deps.store.events(state.runId, request.answerSeq - 1)[0];
  }

  /** Drives a run this process has claimed until it finishes (or another process takes it over). */
  private track(runId: string, drive: () => Run): Run {
    const run = drive();
    this.live.set(runId, run);
    const finish = () => {
      // Detached for a shutdown, the claim stays for whoever takes the run on; taken on again
      // here, it is the new copy's.
      if (this.detached) return;
      const current = this.live.get(runId);
      if (current && current !== run) return;
      this.live.delete(runId);
      try {
        this.deps.owners?.release(runId);
      } catch {
        // The database is busy past its timeout: the claim lapses with this process.
      }
    };
    void run.done.then(finish, finish);
    return run;
  }
}
