// The engine: starts runs, rebuilds interrupted ones from their events, and keeps the live
// ones so that answers and control requests reach them. It knows nothing of HTTP or terminals.
import { randomUUID } from "node:crypto";
import {
  fold,
  isFinished,
  requestOf,
  type ControlAction,
  type BudgetDecision,
  type DeploymentOrigin,
  type HumanAnswer,
  type RunEvent,
  type RunExport,
  type RunList,
  type RunOptions,
  type RunRecord,
  type RunState,
  type RunEventBody,
  type RunStatus,
  type RunSummary,
  type ToolDecision,
  toolCallOf,
} from "@tandem/shared";
import { DEFAULT_MAX_TIMER_MS, DEFAULT_RETRY, type EngineDeps, type RetryPolicy } from "./deps.js";
import { exportRun } from "../store/export.js";
import { importRun } from "../store/import.js";
import { progressOf } from "../store/progress.js";
import { SeqTakenError, type RunFilter } from "../store/types.js";
import { checkFlowDocument, type CheckedFlow } from "./checked-flow.js";
import { AnswerError, FlowInvalidError, ImportError, RunClosedError, RunDamagedError, RunHeldError, RunUnfinishedError, UnknownRunError } from "./errors.js";
import { checkForkState, forkEvents, type ForkOptions } from "./fork.js";
import { EventLog, GroupFlush } from "./log.js";
import { checkAnswer, Run, type RunDeps } from "./run.js";
import { answerEvents, claimEvent, decisionEvents, type Who } from "./people.js";
import { budgetEvents } from "./budget-decision.js";
import type { ToolBox } from "../tools/types.js";
import { liveJudge } from "./judge.js";
import { createToolBox } from "../tools/toolbox.js";

/** Told of a stored event and its run's state (see Engine.observe). */
export type Observer = (event: RunEvent, state: RunState) => void;

export interface StartOptions {
  options?: RunOptions;
  flowId?: string;
  flowVersion?: number;
  /** The deployment starting the run, recorded in run.started. */
  deployment?: DeploymentOrigin;
  /** What the run may spend before it stops to ask a person (the start request's, else the deployment's); unset: the flow's. */
  budgetUsd?: number;
}

export class Engine {
  private readonly live = new Map<string, Run>();
  /** Runs waiting that other processes drive, as last folded (see waitingElsewhere). */
  private waitingStored = new Map<string, RunState>();
  private readonly observers = new Set<Observer>();
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
      maxTimerMs: deps.maxTimerMs ?? DEFAULT_MAX_TIMER_MS,
      judge: deps.judge ?? liveJudge,
      tools: deps.tools ?? createToolBox(),
    };
    this.deltaFlushMs = deps.deltaFlushMs ?? 0;
    this.group = new GroupFlush(deps.store, deps.onStoreHealth);
  }

  /** Starts a run of a flow checked already (see checked-flow.ts): a bad one never gets here. */
  async start(flow: CheckedFlow, input: string, opts: StartOptions = {}): Promise<Run> {
    this.checkTools(flow);
    const runId = this.runDeps.newId();
    await this.claim(runId);
    const log = this.newLog(fold([]));
    const budgetUsd = opts.budgetUsd ?? flow.budgetUsd;
    log.emit({
      type: "run.started",
      runId,
      flow,
      ...(opts.flowId ? { flowId: opts.flowId, flowVersion: opts.flowVersion } : {}),
      input,
      options: opts.options ?? {},
      ...(opts.deployment ? { deployment: opts.deployment } : {}),
      ...(budgetUsd !== undefined ? { budgetUsd } : {}),
    });
    // Written here, not by the group: a caller's transaction (a schedule's tick and its run) holds it.
    await log.writeHere();
    return this.track(runId, () => new Run(log, this.runDeps));
  }

  /** A new run from another run's events up to `o.at` (see fork.ts), going on live. */
  async fork(parentId: string, o: ForkOptions): Promise<Run> {
    const parent = (await this.stored(parentId))?.events;
    if (!parent) throw new UnknownRunError(parentId);
    const runId = this.runDeps.newId();
    const events = forkEvents(parent, runId, o, this.runDeps.now());
    const started = events[0];
    if (started?.type === "run.started") this.checkTools(checkFlowDocument(started.flow));
    checkForkState(events, o.answer);
    const state = fold(events);
    // Checked before anything is stored: a refused answer must not leave a fork behind.
    if (o.answer && state.pending) checkForkAnswer(state.pending, o.answer);
    await this.claim(runId);
    await this.deps.store.append(runId, events, progressOf(state));
    const run = this.track(runId, () => new Run(this.newLog(state), this.runDeps));
    if (o.answer && state.pending) await run.answer(state.pending.requestId, o.answer, "fork");
    return run;
  }

  /**
   * The live run; one this process does not drive is taken over (unless another live process
   * drives it: RunHeldError) and rebuilt from its events, read in the same transaction as the
   * claim, so that nothing the last driver stored is missed.
   */
  async resume(runId: string, how: { atRest?: boolean } = {}): Promise<Run> {
    const running = this.driven(runId);
    if (running) return running;
    const state = await this.exclusive(runId, async () => {
      const state = await this.storedState(runId);
      if (isFinished(state)) throw new RunClosedError("not_running", `run ${runId} has already ${state.status}`);
      await this.claim(runId, how);
      return state;
    });
    // Taken on meanwhile by another call of this process: that copy drives it.
    const raced = this.driven(runId);
    if (raced) return raced;
    return this.track(runId, () => new Run(this.newLog(state), this.runDeps));
  }

  /**
   * Continues every run the store holds as unfinished (after a restart), but those another
   * process drives and those that cannot be read (they stay listed as damaged).
   */
  async resumeAll(): Promise<{ resumed: Run[]; heldElsewhere: RunHeldError[]; damaged: RunDamagedError[] }> {
    const ids = (await this.deps.store.unfinishedRuns()).filter((id) => !this.live.has(id));
    // One transaction for every claim, rather than one per run.
    const held = (await this.deps.owners?.claimAll(ids)) ?? new Map<string, number>();
    const resumed: Run[] = [];
    const heldElsewhere: RunHeldError[] = [];
    const damaged: RunDamagedError[] = [];
    for (const id of ids) {
      const pid = held.get(id);
      if (pid !== undefined) {
        heldElsewhere.push(new RunHeldError(id, pid));
        continue;
      }
      // Read after the claim: what the last driver stored is all there.
      let state: RunState;
      try {
        state = await this.storedState(id);
      } catch (e) {
        if (!(e instanceof RunDamagedError)) throw e;
        await this.deps.owners?.release(id);
        damaged.push(e);
        continue;
      }
      if (isFinished(state)) await this.deps.owners?.release(id); // it finished meanwhile
      // Its agents name tools only another process has (an SDK program's code tools): it stays as stored, for that process.
      else if (this.runDeps.tools.missing(state.flow).length > 0) await this.deps.owners?.release(id);
      else if (!this.live.has(id)) resumed.push(this.track(id, () => new Run(this.newLog(state), this.runDeps)));
    }
    return { resumed, heldElsewhere, damaged };
  }

  /** Takes on the unfinished runs of processes that are gone (say a terminal that quit while a person was needed). */
  async adoptLeft(): Promise<Run[]> {
    const owners = this.deps.owners;
    const adopted: Run[] = [];
    for (const gone of (await owners?.gone()) ?? []) {
      for (const id of await owners!.runsOf(gone)) {
        if (this.live.has(id)) continue;
        try {
          adopted.push(await this.resume(id));
        } catch (e) {
          // Someone else took it on first, it finished meanwhile, or it cannot be read (it is listed as damaged).
          if (!(e instanceof RunHeldError || e instanceof RunClosedError || e instanceof RunDamagedError)) throw e;
        }
      }
      await owners!.forget(gone);
    }
    return adopted;
  }

  /** The run, if this process drives it. */
  get(runId: string): Run | undefined {
    return this.driven(runId);
  }

  /**
   * State of any run: live, or folded from the store (so a run another process drives reads as
   * stored); RunDamagedError if it cannot be.
   */
  async state(runId: string): Promise<RunState | undefined> {
    return this.driven(runId)?.state ?? (await this.stored(runId))?.state;
  }

  /**
   * A stored run's events and the state they fold into; undefined for an unknown run. Events
   * that cannot be read or folded mark the run damaged in the store and throw RunDamagedError.
   */
  async stored(runId: string): Promise<{ events: RunEvent[]; state: RunState } | undefined> {
    let events: RunEvent[];
    try {
      events = await this.deps.store.events(runId);
    } catch (e) {
      if (e instanceof SyntaxError) throw await this.damaged(runId, `an event is not valid JSON (${e.message})`);
      throw e;
    }
    if (events.length === 0) return undefined;
    try {
      return { events, state: fold(events) };
    } catch (e) {
      throw await this.damaged(runId, `its events do not fold into a run (${(e as Error).message})`);
    }
  }

  private async damaged(runId: string, reason: string): Promise<RunDamagedError> {
    await this.deps.store.markDamaged(runId, reason);
    return new RunDamagedError(runId, reason);
  }

  /** The run as listed; throws UnknownRunError. */
  async runSummary(runId: string): Promise<RunSummary> {
    const row = await this.deps.store.run(runId);
    if (!row) throw new UnknownRunError(runId);
    return row;
  }

  /** Removes a finished, imported or damaged run with its events; an unfinished one must be cancelled first. */
  async deleteRun(runId: string): Promise<void> {
    const row = await this.runSummary(runId);
    if (row.finishedAt === null && !row.imported && !row.damaged) throw new RunUnfinishedError(runId, row.status);
    await this.deps.store.deleteRun(runId);
  }

  /** The run whole: its summary, state and events. */
  async runRecord(runId: string): Promise<RunRecord> {
    // A live run's state may be ahead of its store by what is being written: wait for that, so
    // that the record is as fresh as this process knows it.
    await this.driven(runId)?.written().catch(() => {});
    // The events are read once and serve both: a long run's log is the costly part.
    const stored = await this.stored(runId);
    if (!stored) throw new UnknownRunError(runId);
    const running = this.driven(runId);
    if (running && running.state.lastSeq < stored.state.lastSeq) this.letGo(running);
    // The state is the events' own, never the live copy's (which may have moved on meanwhile):
    // a request a client reads here is stored, so any server takes its answer.
    return { run: await this.runSummary(runId), state: stored.state, events: stored.events };
  }

  /** The run's stored events with seq > afterSeq, in order. */
  events(runId: string, afterSeq = 0): Promise<RunEvent[]> {
    return this.deps.store.events(runId, afterSeq);
  }

  listRuns(filter: RunFilter): Promise<RunList> {
    return this.deps.store.listRuns(filter);
  }

  async exportRun(runId: string): Promise<RunExport> {
    await this.runSummary(runId);
    return exportRun(this.deps.store, runId);
  }

  /** Takes back an exported run as a new read-only run; returns its id. */
  async importRun(doc: unknown): Promise<string> {
    const result = await importRun(this.deps.store, doc);
    if (!result.ok) throw new ImportError(result.message, result.path);
    return result.runId;
  }

  /**
   * Takes a person's answer, whichever process drove the run. A run this process drives takes
   * it at once. Any other is taken over and answered in one transaction that reads the run's
   * events first: of two processes answering at once, one stores its answer and drives the run
   * on, and the other sees that answer (already_answered); no claim is left without its answer.
   * A retry with the Idempotency-Key of the answer that was taken gets that answer's event.
   * `who` is checked against the request's assignees (see people.ts); on a quorum question the
   * answer is a vote, and the event returned is the decision once the votes decide.
   */
  answer(runId: string, requestId: string, answer: HumanAnswer, who: Who = "someone", key?: string): Promise<RunEvent> {
    return this.respond(runId, requestId, key, (state) => answerEvents(state, requestId, answer, who, key));
  }

  /** Takes a person's decision on a tool call waiting for approval: exactly once, as answers are. */
  decide(runId: string, requestId: string, decision: ToolDecision, who: Who = "someone", key?: string): Promise<RunEvent> {
    return this.respond(runId, requestId, key, (state) => decisionEvents(state, requestId, decision, who, key));
  }

  /** Takes a person's decision on a run at its budget (raise it, or stop the run): exactly once, as answers are. */
  decideBudget(runId: string, requestId: string, decision: BudgetDecision, who: Who = "someone", key?: string): Promise<RunEvent> {
    return this.respond(runId, requestId, key, (state) => budgetEvents(state, requestId, decision, who, key));
  }

  /** A person takes on (or, with `release`, lets go of) an open request so others see it is taken: exactly once, as answers are. */
  claimTask(runId: string, requestId: string, who: Who, release = false): Promise<RunEvent> {
    return this.respond(runId, requestId, undefined, (state) => [claimEvent(state, requestId, who, release)]);
  }

  /** Stores what a person said to a request (`said` makes the events from the run's state, or throws AnswerError); returns the last about the request. */
  private async respond(runId: string, requestId: string, key: string | undefined, said: (state: RunState) => RunEventBody[]): Promise<RunEvent> {
    const running = this.driven(runId);
    if (running) {
      try {
        // A retry reads the answer it repeats back from the store: what was emitted is stored first.
        if (key) await running.settle();
        return (await this.earlierAnswer(running.state, requestId, key)) ?? about(await running.take(...said(running.state)), requestId);
      } catch (e) {
        // Refused by the store, or refused by a copy that another process has overtaken (before
        // its notice came): the run is answered as stored.
        if (!running.detached && !(e instanceof AnswerError && (await this.behind(running)))) throw e;
        this.letGo(running);
      }
    }
    const taken = await this.exclusivelyRetried(runId, async () => {
      const state = await this.storedState(runId);
      const earlier = await this.earlierAnswer(state, requestId, key);
      if (earlier) return { event: earlier };
      // An answered request says so, whatever became of the run; an open one needs a run that goes on.
      if (!requestOf(state, requestId)?.answeredBy) await this.checkOpen(runId, state);
      const bodies = said(state);
      // Waiting for this person, the run is at rest: taken from the server that drove it, if need be.
      await this.claim(runId, { atRest: true });
      const log = this.newLog(state);
      const event = about(bodies.map((b) => log.emit(b)), requestId);
      // In this transaction: the answer and the claim commit together, or neither does.
      await log.writeHere();
      return { event, log };
    });
    if (taken.log) this.track(runId, () => new Run(taken.log, this.runDeps));
    return taken.event;
  }

  /**
   * Pauses, steps, continues or cancels a run, whichever process drove it (taken over as by
   * resume); a cancel once it is recorded. Returns the run's status then.
   */
  async control(runId: string, action: ControlAction): Promise<RunStatus> {
    let run = this.driven(runId);
    // A copy overtaken by another process (before its notice came) would take the control and lose it.
    if (run && (await this.behind(run))) run = this.letGo(run);
    if (run) {
      try {
        run.control(action);
      } catch (e) {
        if (!run.detached) throw e;
        run = this.letGo(run);
      }
    }
    if (!run) {
      const state = await this.requireState(runId);
      await this.checkOpen(runId, state);
      const atRest = state.status === "waiting" || state.status === "paused";
      // Mid-step on another server: that server applies it, so that no step is done twice.
      const relay = this.deps.relayControl;
      if (!atRest && relay && (await this.deps.owners?.drivenByServer(runId))) {
        await relay(runId, action);
        return (await this.requireState(runId)).status;
      }
      run = await this.resume(runId, { atRest });
      run.control(action);
    }
    if (action === "cancel") await run.done;
    return run.state.status;
  }

  /**
   * Runs that wait for a person now: the soonest due first, then the longest waiting. Those
   * this process drives, and those another server drives (several servers on one store), which
   * any server takes answers for. An imported run that stopped waiting is not one, nor a run a
   * terminal drives (it is answered there).
   */
  async waiting(): Promise<RunState[]> {
    const waiting: RunState[] = [];
    for (const run of this.live.values()) if (waitsForPerson(run.state)) waiting.push(run.state);
    waiting.push(...(await this.waitingElsewhere()));
    const due = (s: RunState) => s.pending?.deadline ?? Infinity;
    return waiting.sort((a, b) => due(a) - due(b) || askedAt(a) - askedAt(b));
  }

  /** Runs waiting for a person that another process drives, as stored: each folded again only once it moved on. */
  private async waitingElsewhere(): Promise<RunState[]> {
    const owners = this.deps.owners;
    // Alone on the store, every run waiting is live here (or left, and taken on within seconds).
    if (!owners || (await owners.live()).length < 2) {
      this.waitingStored.clear();
      return [];
    }
    const { runs } = await this.deps.store.listRuns({ status: "waiting", limit: MAX_WAITING_ELSEWHERE });
    const others = runs.filter((r) => !r.imported && !r.damaged && !this.live.has(r.id));
    const atTerminals = others.length > 0 ? await owners.heldByTerminals() : new Set<string>();
    const states: RunState[] = [];
    const cache = new Map<string, RunState>();
    for (const r of others) {
      if (atTerminals.has(r.id)) continue;
      let state = this.waitingStored.get(r.id);
      if (state?.lastSeq !== r.lastSeq) state = (await this.stored(r.id).catch(() => undefined))?.state;
      // A run whose tools only another process has (an SDK program's) is that process's to go on with.
      if (!state || this.runDeps.tools.missing(state.flow).length > 0) continue;
      cache.set(r.id, state);
      if (waitsForPerson(state)) states.push(state);
    }
    this.waitingStored = cache;
    return states;
  }

  /**
   * Tells `listener` of every event this process stores for any run, once stored, with the run's
   * state then (notifications); returns the function that stops it. A failing listener stops nothing.
   */
  observe(listener: Observer): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /** The tools agents can call here: what GET /api/tools lists. */
  get tools(): ToolBox {
    return this.runDeps.tools;
  }

  /** Refuses a flow naming tools this process cannot serve, naming each (before anything is stored). */
  private checkTools(flow: CheckedFlow): void {
    const missing = this.runDeps.tools.missing(flow);
    if (missing.length > 0) throw new FlowInvalidError(missing.map((m) => ({ path: m.path, message: m.message, severity: "error" as const })));
  }

  /** How many listeners live runs have (event streams, terminals): what a leak check counts. */
  listenerCount(): number {
    let n = 0;
    for (const run of this.live.values()) n += run.listenerCount;
    return n;
  }

  /** Writes out what live runs have emitted and lets go of them, uncancelled (for a shutdown that a restart resumes). */
  async detach(): Promise<void> {
    this.detached = true;
    const runs = [...this.live.values()];
    this.live.clear();
    await Promise.all(runs.map((run) => run.detach()));
    await this.deps.owners?.close();
  }

  /** Cancels every live run and waits for them to record it. */
  async shutdown(): Promise<void> {
    const runs = [...this.live.values()];
    for (const r of runs) r.control("cancel");
    await Promise.all(runs.map((r) => r.done));
  }

  private async requireState(runId: string): Promise<RunState> {
    const state = await this.state(runId);
    if (!state) throw new UnknownRunError(runId);
    return state;
  }

  /** Only a run that goes on takes answers or control: finished and imported ones do not. */
  private async checkOpen(runId: string, state: RunState): Promise<void> {
    if ((await this.deps.store.run(runId))?.imported) throw new RunClosedError("read_only", `run ${runId} was imported: it is read-only (fork it to go on)`);
    if (isFinished(state)) throw new RunClosedError("not_running", `run ${runId} is ${state.status}`);
  }

  /** Claims the run for this process, or throws RunHeldError naming the live process that drives it (see owners.ts for `atRest`). */
  private async claim(runId: string, how?: { atRest?: boolean }): Promise<void> {
    const other = await this.deps.owners?.claim(runId, how);
    if (other !== undefined) throw new RunHeldError(runId, other);
  }

  /**
   * Told that the store holds the run's events up to `seq` (another server's notice): a copy
   * here that is behind was overtaken by the process that wrote them, and lets go. (This
   * process's own writes never are: a copy folds its events before they are written.)
   */
  noticed(runId: string, seq: number): void {
    const run = this.live.get(runId);
    if (run && run.state.lastSeq < seq) this.letGo(run);
  }

  /** Whether the store holds more of the run than the copy: another process overtook it. */
  private async behind(run: Run): Promise<boolean> {
    const stored = await this.deps.store.run(run.id);
    return stored !== undefined && stored.lastSeq > run.state.lastSeq;
  }

  /** Lets go of a copy another process took over; the run is what the store holds. */
  private letGo(run: Run): undefined {
    run.overtaken();
    if (this.live.get(run.id) === run) this.live.delete(run.id);
    return undefined;
  }

  /** Runs fn with no other process writing to the store between what it reads and what it writes. */
  private exclusive<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    return this.deps.owners ? this.deps.owners.exclusive(runId, fn) : fn();
  }

  /**
   * exclusive(), tried again when the run's driver stored its next events between what fn read
   * and what it wrote (a run taken at rest from a live process that was still writing):
   * fn reads again and decides on what is stored now.
   */
  private async exclusivelyRetried<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.exclusive(runId, fn);
      } catch (e) {
        if (!(e instanceof SeqTakenError) || attempt === 3) throw e;
      }
    }
  }

  /** The run's state as stored; UnknownRunError, RunDamagedError. */
  private async storedState(runId: string): Promise<RunState> {
    const stored = await this.stored(runId);
    if (!stored) throw new UnknownRunError(runId);
    return stored.state;
  }

  /** The run if this process drives it; one whose events the store refused (another process took it over) is let go. */
  private driven(runId: string): Run | undefined {
    const run = this.live.get(runId);
    if (!run?.detached) return run;
    this.live.delete(runId);
    return undefined;
  }

  /** The answer that a retry (the same Idempotency-Key) repeats, if that answer was taken. */
  private async earlierAnswer(state: RunState, requestId: string, key: string | undefined): Promise<RunEvent | undefined> {
    const request = requestOf(state, requestId);
    if (!key || !request) return undefined;
    if (request.key === key && request.answerSeq) return (await this.deps.store.events(state.runId, request.answerSeq - 1))[0];
    // A vote that did not decide: the run's state keeps no keys of votes, its log does.
    if (!request.votes?.length) return undefined;
    return (await this.deps.store.events(state.runId)).findLast((e) => e.type === "human.voted" && e.requestId === requestId && e.key === key);
  }

  private newLog(state: RunState): EventLog {
    const log = new EventLog(state, this.deps.store, this.runDeps.now, this.deltaFlushMs, this.group);
    log.observer = (event, now) => {
      for (const observer of this.observers) {
        try {
          observer(event, now);
        } catch {
          // An observer's failure is its own: the run goes on.
        }
      }
    };
    return log;
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
      this.deps.owners?.release(runId).catch(() => {
        // The database is busy or away: the claim lapses with this process.
      });
    };
    void run.done.then(finish, finish);
    return run;
  }
}

/** The last of the events that is about the request (a vote's decision; not the end of a run stopped at its budget). */
function about(events: RunEvent[], requestId: string): RunEvent {
  return events.findLast((e) => "requestId" in e && e.requestId === requestId) ?? events.at(-1)!;
}

/** How many waiting runs that other processes drive are looked at for the task list. */
const MAX_WAITING_ELSEWHERE = 10_000;

const waitsForPerson = (s: RunState) => !!s.pending || s.approvals.length > 0 || !!s.budgetWait;

/** When the run's oldest open question, approval or budget question was asked. */
function askedAt(s: RunState): number {
  const times = s.approvals.map((id) => toolCallOf(s, id)?.askedAt ?? Infinity);
  const budget = s.budgetWait ? requestOf(s, s.budgetWait)?.askedAt : undefined;
  return Math.min(s.pending?.at ?? Infinity, budget ?? Infinity, ...times);
}

/** A fork's answer is checked as any answer, its paths under `answer`. */
function checkForkAnswer(pending: NonNullable<RunState["pending"]>, answer: HumanAnswer): void {
  try {
    checkAnswer(pending, answer);
  } catch (e) {
    if (!(e instanceof AnswerError)) throw e;
    throw new AnswerError(e.code, `answer: ${e.message}`, e.path ? `answer.${e.path}` : "answer");
  }
}
