// A live run: drives the flow from whatever state its events describe (a new run, or one
// rebuilt after a restart), and takes answers and control requests from any channel.
import {
  edgesBySource,
  fallbackEdge,
  isFinished,
  nodeRun,
  requestOf,
  routeFrom,
  toolCallOf,
  type ControlAction,
  type FlowEdge,
  type FlowNode,
  type HumanAnswer,
  type PendingHuman,
  type RunProblem,
  type RunEvent,
  type RunEventBody,
  type RunState,
  type ToolDecision,
} from "@tandem/shared";
import type { NodeContext } from "./context.js";
import type { ToolBox } from "../tools/types.js";
import type { Judge, RetryPolicy } from "./deps.js";
import { AnswerError, ControlError, isAbort, RunFailure } from "./errors.js";
import type { EventLog, Listener } from "./log.js";
import type { ProviderRegistry } from "../providers/registry.js";
import { runAgent } from "./nodes/agent.js";
import { runEnd } from "./nodes/end.js";
import { askHuman } from "./nodes/human.js";
import { readReply } from "./nodes/read-reply.js";
import { askAboutReading } from "./nodes/reading.js";
import { runStart } from "./nodes/start.js";
import { replyStep } from "./reply-step.js";
import { decisionFor } from "./decision.js";
import { whileWaiting } from "./escalate.js";
import { CAUGHT_FAILURES, fallbackChosen, outOfVisits, problemFor, repeatsItself } from "./fallback.js";

export interface RunDeps {
  registry: ProviderRegistry;
  retry: RetryPolicy;
  now: () => number;
  newId: () => string;
  /** Longest single timer; a later deadline is re-checked on each wake. */
  maxTimerMs: number;
  judge: Judge;
  tools: ToolBox;
}

/**
 * The answer as it is recorded: its outcome spelled as the node declares it ("Approve" takes
 * "approve", as routing compares outcomes without case). Throws AnswerError unless the waiting
 * request can take it.
 */
export function checkAnswer(pending: PendingHuman, answer: HumanAnswer): HumanAnswer {
  const { outcome, text, edit, fallback } = answer;
  if (fallback !== undefined && !pending.problem) {
    throw new AnswerError("invalid_answer", "fallback is only for a question about a node that failed or is stuck; this one is not", "fallback");
  }
  if (fallback === "instead" && !text?.trim()) throw new AnswerError("invalid_answer", 'fallback "instead" needs the reply to use in text', "text");
  const offered = outcome === undefined ? undefined : pending.outcomes.find((o) => o.name.toLowerCase() === outcome.toLowerCase())?.name;
  if (outcome !== undefined && offered === undefined) {
    const all = pending.outcomes.length ? pending.outcomes.map((o) => `"${o.name}"`).join(", ") : "none";
    throw new AnswerError("invalid_answer", `outcome "${outcome}" is not one of this step's outcomes (${all})`, "outcome");
  }
  // A reply given instead of the failed node's is its text, whatever the fallback node takes.
  if (text !== undefined && text.trim() && !pending.allowText && fallback !== "instead") {
    throw new AnswerError("invalid_answer", "this step does not take free text", "text");
  }
  if (edit !== undefined && !pending.allowEdit) throw new AnswerError("invalid_answer", "this step does not allow editing the message", "edit");
  if (outcome === undefined && !text?.trim() && edit === undefined && fallback === undefined) {
    const pick = pending.outcomes.length > 0;
    throw new AnswerError("invalid_answer", pick ? (pending.allowText ? "give an outcome or a reply" : "pick an outcome") : "give a reply", pick ? "outcome" : "text");
  }
  return offered === undefined ? answer : { ...answer, outcome: offered };
}

/** The human.responded event that answers `requestId` of the run in `state`; throws AnswerError unless it is waiting for it. */
export function responseTo(state: RunState, requestId: string, answer: HumanAnswer, by: string, key?: string): RunEventBody {
  const pending = state.pending;
  if (!pending || pending.requestId !== requestId) {
    const known = requestOf(state, requestId);
    if (!known) throw new AnswerError("unknown_request", `run ${state.runId} has no human request "${requestId}"`);
    if (known.answeredBy === "timeout") throw new AnswerError("already_answered", "this request timed out and took its default outcome");
    if (known.answeredBy) throw new AnswerError("already_answered", `this request was already answered by ${known.answeredBy}`);
    throw new AnswerError("not_waiting", "the run is not waiting for this answer");
  }
  const { outcome, text, edit, fallback } = checkAnswer(pending, answer);
  return {
    type: "human.responded",
    nodeId: pending.nodeId,
    requestId,
    by,
    ...(key ? { key } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
    ...(text !== undefined && text.trim() ? { text } : {}),
    ...(edit !== undefined ? { edit } : {}),
    ...(fallback !== undefined ? { fallback } : {}),
  };
}

/** Whether a call of the node's open turn is approved and not yet run. */
function hasApproved(state: RunState, nodeId: string): boolean {
  return (nodeRun(state, nodeId)?.toolTurn ?? []).some((id) => toolCallOf(state, id)?.status === "approved");
}

export class Run {
  readonly state: RunState;
  readonly done: Promise<RunState>;
  private readonly now: () => number;
  private readonly maxTimerMs: number;
  /** What the node handlers see of the run. */
  private readonly ctx: NodeContext;
  private readonly abort = new AbortController();
  private readonly nodes: Map<string, FlowNode>;
  private readonly edges: Map<string, FlowEdge[]>;
  private pauseRequested = false;
  /** The problem the run met last, for the fallback node it went to (see fallback.ts). */
  private problem: RunProblem | undefined;
  /** Wakes the drive loop when it waits for a person or a control request. */
  private wake: (() => void) | null = null;

  constructor(
    private readonly log: EventLog,
    deps: RunDeps,
  ) {
    this.state = log.state;
    this.now = deps.now;
    this.maxTimerMs = deps.maxTimerMs;
    this.ctx = { log, state: this.state, signal: this.abort.signal, ...deps };
    this.nodes = new Map(this.state.flow.nodes.map((n) => [n.id, n]));
    this.edges = edgesBySource(this.state.flow);
    // Another process took the run over and stored its own events first: this copy stops.
    log.onRefused = () => this.abort.abort(new DOMException("detached", "AbortError"));
    this.done = this.drive();
  }

  get id(): string {
    return this.state.runId;
  }

  /** Listens to events as they are stored; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.log.listeners.add(listener);
    return () => this.log.listeners.delete(listener);
  }

  /** Listeners on this run (event streams, terminals): what a leak check counts. */
  get listenerCount(): number {
    return this.log.listeners.size;
  }

  /** Writes out everything emitted so far: the run is at rest (say waiting for a person whose terminal closed). */
  settle(): Promise<void> {
    return this.log.settle();
  }

  /** Resolves once what was emitted so far is stored (without closing streamed text). */
  written(): Promise<void> {
    return this.log.flush();
  }

  /** Set once this copy lets go of the run: detached for a shutdown, or refused by the store (another process drives it). */
  get detached(): boolean {
    return this.log.detached;
  }

  /** Another process took the run over and stored its own events (its notice said so): this copy lets go at once, writing nothing more. */
  overtaken(): void {
    if (!this.log.detached) this.log.refused();
  }

  /** Writes out what was emitted, then stops driving without recording anything more: the run stays as stored. */
  async detach(): Promise<void> {
    try {
      await this.log.settle();
    } catch {
      // Refused: the store already has what it keeps of this run.
    }
    this.log.detached = true;
    this.abort.abort(new DOMException("detached", "AbortError"));
  }

  /** Takes a person's answer to a waiting request, exactly once; resolves when it is stored. */
  async answer(requestId: string, answer: HumanAnswer, by = "someone", key?: string): Promise<RunEvent> {
    return (await this.take(responseTo(this.state, requestId, answer, by, key)))[0]!;
  }

  /** Takes a person's decision on a tool call waiting for approval, exactly once; resolves when it is stored. */
  async decide(requestId: string, decision: ToolDecision, by = "someone", key?: string): Promise<RunEvent> {
    return (await this.take(decisionFor(this.state, requestId, decision, { by }, key)))[0]!;
  }

  /**
   * Records what a person said (checked already; a vote may be followed by the decision, a stop
   * by the run's end) and lets the run go on with it once it is stored. The state takes it at
   * once, so a second answer made meanwhile finds the request answered.
   */
  async take(...bodies: RunEventBody[]): Promise<RunEvent[]> {
    const events = bodies.map((b) => this.log.emit(b));
    await this.log.flush();
    this.wakeUp();
    return events;
  }

  control(action: ControlAction): void {
    if (isFinished(this.state)) throw new ControlError("not_running", `run ${this.id} has finished`);
    switch (action) {
      case "cancel":
        this.abort.abort(new DOMException("cancelled", "AbortError"));
        return;
      case "pause":
        this.pauseRequested = true;
        return;
      case "step":
      case "continue":
        this.pauseRequested = false;
        if (this.state.status !== "paused") {
          // While running, "step" means: pause before the next node.
          if (action === "step") this.pauseRequested = true;
          return;
        }
        this.log.emit({ type: "run.resumed", mode: action });
        // The loop goes on once it is stored; a refusal is this copy letting go (see drive).
        this.log.flush().then(() => this.wakeUp(), () => this.abort.abort(new DOMException("detached", "AbortError")));
        return;
      default:
        throw new ControlError("invalid_action", `unknown action "${action as string}"`);
    }
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Resolves when woken, or by `deadline` at the latest: a far deadline wakes early and the caller waits again. */
  private waitForWake(deadline?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.abort.signal;
      if (signal.aborted) return reject(signal.reason);
      const timer = deadline === undefined ? null : setTimeout(done, Math.min(Math.max(0, deadline - this.now()), this.maxTimerMs));
      const onAbort = () => {
        if (timer) clearTimeout(timer);
        this.wake = null;
        reject(signal.reason);
      };
      function done() {
        if (timer) clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        resolve();
      }
      this.wake = done;
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private shouldPause(nodeId: string): boolean {
    if (this.state.released === nodeId) return false;
    const kind = this.nodes.get(nodeId)?.type;
    const breakpoint = this.state.options.breakpoints?.includes(nodeId) ?? false;
    return breakpoint || ((this.pauseRequested || this.state.stepMode) && (kind === "agent" || kind === "human"));
  }

  private async drive(): Promise<RunState> {
    const s = this.state;
    try {
      while (!isFinished(s)) {
        if (s.status === "paused") {
          await this.waitForWake();
        } else if (s.pending) {
          const waiting = whileWaiting(s, this.nodes.get(s.pending.nodeId), this.now());
          if ("due" in waiting) {
            for (const body of waiting.due) this.log.emit(body);
            // Stored before anyone is told, so that a restart does not fire the step again.
            await this.log.flush();
          } else {
            await this.waitForWake(waiting.wakeAt);
          }
        } else if (s.active && nodeRun(s, s.active)?.status === "waiting" && hasApproved(s, s.active)) {
          // Some calls were approved while others still wait: those run now.
          await this.goOn(s.active, nodeRun(s, s.active)!.visits);
        } else if (s.approvals.length > 0) {
          await this.waitForWake();
        } else if (s.budgetWait) {
          await this.waitForWake();
          // Raised: the agent makes the call it stopped before (a stop has finished the run).
          if (!s.budgetWait && !isFinished(s) && s.active) await this.goOn(s.active, nodeRun(s, s.active)!.visits);
        } else if (s.active) {
          const active = s.active;
          const ns = nodeRun(s, active)!;
          if (ns.status === "done") await this.afterReply(active);
          // Tool calls a person was asked about are decided: the agent goes on with its visit.
          else if (ns.status === "waiting") await this.goOn(active, ns.visits);
          // Interrupted inside the node (a restart): run it again as a new attempt.
          else await this.runNode(active, ns.attempts + 1);
        } else if (s.next) {
          const next = s.next;
          if (this.shouldPause(next)) {
            this.pauseRequested = false;
            const reason = this.state.options.breakpoints?.includes(next) ? "breakpoint" : this.state.stepMode ? "step" : "request";
            this.log.emit({ type: "run.paused", nodeId: next, reason });
            await this.log.flush();
          } else {
            await this.runNode(next, 1);
          }
        } else {
          throw new RunFailure("stuck", "the run has no node to go on with");
        }
      }
      await this.log.settle();
    } catch (e) {
      if (this.log.detached) return s;
      try {
        this.log.dropDelta();
        if (isAbort(e) || this.abort.signal.aborted) {
          this.log.emit({ type: "run.finished", status: "cancelled" });
        } else {
          const f = e instanceof RunFailure ? e : new RunFailure("internal", (e as Error).message ?? String(e));
          this.log.emit({
            type: "run.finished",
            status: "failed",
            error: { code: f.code, message: f.message, ...(f.nodeId ? { nodeId: f.nodeId } : {}) },
          });
        }
        await this.log.settle();
      } catch {
        // The store refused the run's events (e.g. another process wrote them first): this
        // copy of the run stops; the store keeps what the other writer recorded.
        this.log.detached = true;
      }
    }
    return s;
  }

  private async runNode(nodeId: string, attempt: number): Promise<void> {
    const node = this.nodes.get(nodeId);
    if (!node) throw new RunFailure("stuck", `node "${nodeId}" is not in the flow`);
    const ns = nodeRun(this.state, nodeId)!;
    if (attempt === 1 && (node.type === "agent" || node.type === "human") && this.state.steps >= this.state.flow.maxSteps) {
      throw new RunFailure("max_steps", `the run reached maxSteps (${this.state.flow.maxSteps}) before "${node.data.name}"`, nodeId);
    }
    const visit = attempt === 1 ? ns.visits + 1 : ns.visits;
    this.log.emit({ type: "node.started", nodeId, visit, attempt });
    switch (node.type) {
      case "start":
        return runStart(this.ctx, node);
      case "end":
        return runEnd(this.ctx, node);
      case "agent":
        return this.orOnError(nodeId, () => runAgent(this.ctx, node, visit));
      case "human":
        return askHuman(this.ctx, node, problemFor(this.state, node, this.problem, this.state.flow.edges));
    }
  }

  private async goOn(nodeId: string, visit: number): Promise<void> {
    const node = this.nodes.get(nodeId);
    if (node?.type !== "agent") throw new RunFailure("stuck", `node "${nodeId}" waits with nothing to wait for`, nodeId);
    await this.orOnError(nodeId, () => runAgent(this.ctx, node, visit));
  }

  /** Runs the agent; a failure its `on error` edge catches takes that edge instead of failing the run. */
  private async orOnError(nodeId: string, visit: () => Promise<void>): Promise<void> {
    try {
      await visit();
    } catch (e) {
      if (!(e instanceof RunFailure && CAUGHT_FAILURES.has(e.code)) || !this.takeFallback(nodeId, "error", e.message, e.code)) throw e;
    }
  }

  /** Takes the node's fallback edge of that kind, if it has one, telling the person there what happened. */
  private takeFallback(nodeId: string, kind: RunProblem["kind"], message: string, code: string): boolean {
    const edge = fallbackEdge(this.edges.get(nodeId) ?? [], kind);
    if (!edge) return false;
    this.log.dropDelta();
    this.problem = { kind, nodeId, message, code };
    this.log.emit({ type: "route.taken", from: nodeId, to: edge.target, edgeId: edge.id, reason: `on ${kind}: ${message}` });
    return true;
  }

  /** The node has its reply: read it, ask a person about the reading, or route on. */
  private async afterReply(nodeId: string): Promise<void> {
    const node = this.nodes.get(nodeId);
    if (node?.type === "human" && this.followFallback(node.id)) return;
    if (node?.type === "agent" && repeatsItself(this.state, nodeId)) {
      const said = `${node.data.name} replied word for word as on its previous visit: it makes no progress`;
      if (this.takeFallback(nodeId, "stuck", said, "no_progress")) return;
    }
    if (node?.type === "human" || node?.type === "agent") {
      const step = replyStep(this.state, node, this.edges.get(nodeId) ?? []);
      if (step === "read") return readReply(this.ctx, node);
      if (step === "ask") return askAboutReading(this.ctx, node);
    }
    this.route(nodeId);
  }

  private route(from: string): void {
    const result = routeFrom(this.state, from, this.edges.get(from) ?? []);
    if (!result.ok) {
      const node = this.nodes.get(from);
      if (node && outOfVisits(this.state, node, result.exhausted) && this.takeFallback(from, "stuck", result.message, "max_visits")) return;
      throw new RunFailure("no_route", result.message, from);
    }
    this.log.emit({ type: "route.taken", from, to: result.edge.target, edgeId: result.edge.id, reason: result.reason });
  }

  /** Does what the person at a fallback node chose about the problem: true when that was a choice (not routing on). */
  private followFallback(nodeId: string): boolean {
    const chosen = fallbackChosen(this.state, nodeId);
    if (!chosen) return false;
    const { problem, fallback } = chosen;
    const failed = this.nodes.get(problem.nodeId);
    const name = failed && failed.type !== "start" && failed.type !== "end" ? failed.data.name : problem.nodeId;
    if (fallback === "fail") throw new RunFailure(problem.code ?? problem.kind, problem.message, problem.nodeId);
    const edge = fallbackEdge(this.edges.get(problem.nodeId) ?? [], problem.kind);
    if (fallback === "retry") {
      this.log.emit({ type: "route.taken", from: nodeId, to: problem.nodeId, edgeId: edge?.id ?? "", reason: `retry: ${name} runs again` });
      return true;
    }
    // "instead": the person's words are the failed node's reply, and the run routes on from it.
    const text = this.state.messages.findLast((m) => m.nodeId === nodeId)?.content ?? "";
    this.log.emit({ type: "message", nodeId: problem.nodeId, role: "assistant", name, content: text });
    this.route(problem.nodeId);
    return true;
  }
}
