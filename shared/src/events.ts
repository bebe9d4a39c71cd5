// A run is its event log: this closed union is every kind of thing a run can record.
import type { DeploymentOrigin } from "./deploy.js";
import type { Flow, Outcome } from "./flow.js";
import type { Actor, Assignment, Quorum } from "./people.js";
import { listOf } from "./union.js";

export interface RunOptions {
  /** Pause before every node. */
  stepMode?: boolean;
  /** Pause before these node ids. */
  breakpoints?: string[];
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Of promptTokens, those the provider served from its prompt cache (priced lower). */
  cachedPromptTokens?: number;
}

/** Why a model stopped, the same for every provider. */
export type StopReason = "stop" | "length" | "tool_calls" | "content_filter" | "other";

export type RunStatus = "running" | "waiting" | "paused" | "completed" | "failed" | "cancelled";
export type FinishStatus = "completed" | "failed" | "cancelled";

/** Every run status, for filters, schemas and stores. */
export const RUN_STATUSES = listOf({
  running: true,
  waiting: true,
  paused: true,
  completed: true,
  failed: true,
  cancelled: true,
} satisfies Record<RunStatus, true>);

/** The statuses a run ends in. */
export const FINISH_STATUSES = listOf({ completed: true, failed: true, cancelled: true } satisfies Record<FinishStatus, true>);

export interface RunError {
  code: string;
  message: string;
  nodeId?: string;
}

export interface HumanAnswer {
  /** The outcome the person picked (one the node declares). */
  outcome?: string;
  text?: string;
  /** The reviewed message as the person rewrote it. */
  edit?: string;
  /**
   * Only on a fallback request (one with a `problem`): run the failed node again, take this answer's
   * text as its reply instead (routing on from it), or fail the run. Unset: the fallback node's own
   * outcome routes the run elsewhere.
   */
  fallback?: FallbackAction;
}

export type FallbackAction = "retry" | "instead" | "fail";

/** Why a run asks a fallback person: the node that failed or is stuck, and what happened. */
export interface RunProblem {
  kind: "error" | "stuck";
  nodeId: string;
  message: string;
  /** The error's code when it failed ("model_error", "tool_failed", "max_visits", "no_progress"…). */
  code?: string;
}

/** One person's vote on a question decided by a quorum. */
export interface Vote {
  actor: Actor;
  outcome: string;
  text?: string;
  at: number;
}

/** What a run starts from: recorded by run.started, and kept in the run's state. */
export interface RunOrigin {
  runId: string;
  flow: Flow;
  flowId?: string;
  flowVersion?: number;
  input: string;
  options: RunOptions;
  /** Set on a fork: the run and the last seq it was copied from, and when the fork was made
   *  (the copied events keep the parent's times; forks stored before it have none). */
  parent?: { runId: string; seq: number; forkedAt?: number };
  /** Set when a deployment started the run: which one, and how (its endpoint, hosted page or a schedule). */
  deployment?: DeploymentOrigin;
  /** What the run may spend on model calls, in US dollars, before it stops to ask a person
   *  (from the start request, else the deployment, else the flow's budgetUsd). */
  budgetUsd?: number;
}

export type RunEventBody =
  | ({ type: "run.started" } & RunOrigin)
  | { type: "node.started"; nodeId: string; visit: number; attempt: number }
  | { type: "message.delta"; nodeId: string; text: string }
  | {
      type: "llm.request";
      nodeId: string;
      callId: string;
      model: string;
      params: { temperature?: number };
      system: string;
      /** The call saw the first `messageCount` transcript messages (see chatMessages). */
      messageCount: number;
      /** Set when the call asks again after a reply that did not fit the node's output schema (see schemaRetry). */
      retryOf?: SchemaRetry;
    }
  | {
      type: "llm.retry";
      nodeId: string;
      callId: string;
      /** This retry's number: 1 for the second call. */
      attempt: number;
      /** How many retries the policy allows (absent in logs written before it was recorded). */
      maxRetries?: number;
      error: string;
      /** The wait before the retried call starts. */
      delayMs: number;
    }
  | {
      type: "llm.response";
      nodeId: string;
      callId: string;
      content: string;
      usage?: Usage;
      /** What the call cost in US dollars at the server's prices; unset when the model has no price. */
      costUsd?: number;
      stopReason?: StopReason;
      latencyMs: number;
      retries: number;
      /** The tools the model asked to call, with ids the engine gave them (stable across replays and forks). */
      toolCalls?: ToolCall[];
    }
  | { type: "message"; nodeId: string; role: "user" | "assistant"; name: string; content: string }
  | {
      type: "human.requested";
      nodeId: string;
      requestId: string;
      instructions: string;
      outcomes: Outcome[];
      allowText: boolean;
      allowEdit: boolean;
      /** Epoch ms when the default outcome is taken. */
      deadline?: number;
      defaultOutcome?: string;
      /** Set when the request asks to confirm or correct how the node's reply was read (see reply.read). */
      reading?: ReplyReading;
      /** Who may answer (besides admins); unset: anyone who may answer questions. */
      assignees?: Assignment;
      /** Set when several people decide: count votes of one outcome. */
      quorum?: Quorum;
      /** Set on a fallback request: what went wrong, for the person to decide on. */
      problem?: RunProblem;
    }
  | ({
      type: "human.responded";
      nodeId: string;
      requestId: string;
      /** Who answered, as text ("Ana (studio)"); `actor` says it exactly (absent in older logs). */
      by: string;
      actor?: Actor;
      /** On a quorum: the votes that decided (the last of them is this answer). */
      votes?: number;
      /** The Idempotency-Key the answer came with: a retry with it gets the same answer back. */
      key?: string;
    } & HumanAnswer)
  | { type: "human.timed_out"; nodeId: string; requestId: string; outcome: string }
  | { type: "human.voted"; nodeId: string; requestId: string; actor: Actor; outcome: string; text?: string; key?: string }
  | {
      type: "human.escalated";
      nodeId: string;
      requestId: string;
      /** The index of the node's escalation step that fired (each fires once). */
      step: number;
      action: "remind" | "reassign" | "default";
      /** On reassign: who the request is for now. */
      assignees?: Assignment;
    }
  | { type: "task.claimed"; nodeId: string; requestId: string; actor: Actor }
  | { type: "task.released"; nodeId: string; requestId: string; actor: Actor }
  | ({
      type: "reply.read";
      nodeId: string;
      /** The reply that was read. */
      text: string;
      /** Who read it: "offline" (the built-in classifier) or the judge model ("openai/gpt-4o-mini"). */
      judge: string;
      confidence: number;
      usage?: Usage;
      costUsd?: number;
      latencyMs: number;
    } & ReplyReading)
  | {
      type: "tool.requested";
      nodeId: string;
      callId: string;
      /** The tool as the agent names it ("mcp:payments/refund"). */
      ref: string;
      tool: string;
      /** The arguments as parsed from the model's JSON (checked against `parameters`). */
      arguments: unknown;
      /** The tool's argument schema, as the model was given it: what a person edits against. */
      parameters: Record<string, unknown>;
      approval: "none" | "required";
      /** Why: the policy that decided ("always", "amount > 100"). */
      why: string;
    }
  | {
      type: "tool.approval.requested";
      nodeId: string;
      callId: string;
      requestId: string;
      /** "unknown": the call started before the process stopped and its result was never stored. */
      reason: "policy" | "unknown";
      /** Who may decide (besides admins); unset: anyone who may answer questions. */
      assignees?: Assignment;
    }
  | {
      type: "tool.approved";
      nodeId: string;
      callId: string;
      requestId: string;
      by: string;
      actor?: Actor;
      key?: string;
      /** Set when the person changed the arguments before approving (checked against the tool's schema). */
      arguments?: unknown;
    }
  | {
      type: "tool.rejected";
      nodeId: string;
      callId: string;
      requestId: string;
      by: string;
      actor?: Actor;
      key?: string;
      reason?: string;
      /** What the person answered instead of the tool (or the result they entered for an unknown call). */
      result?: string;
    }
  | { type: "tool.started"; nodeId: string; callId: string; idempotencyKey: string; attempt: number }
  | { type: "tool.result"; nodeId: string; callId: string; content: string; isError?: boolean; durationMs: number }
  | { type: "tool.failed"; nodeId: string; callId: string; code: ToolFailure; error: string; durationMs?: number }
  | {
      /** The run has spent its budget: it waits for a person to raise the budget or stop it, before the node's next model call. */
      type: "budget.reached";
      nodeId: string;
      requestId: string;
      spentUsd: number;
      budgetUsd: number;
      /** Who may decide (besides admins); unset: anyone who may answer questions. */
      assignees?: Assignment;
    }
  | {
      type: "budget.decided";
      nodeId: string;
      requestId: string;
      decision: BudgetDecision["decision"];
      /** On "raise": the new budget (more than what was spent). */
      budgetUsd?: number;
      by: string;
      actor?: Actor;
      key?: string;
    }
  | { type: "route.taken"; from: string; to: string; edgeId: string; reason: string }
  | { type: "run.paused"; nodeId: string; reason: "step" | "breakpoint" | "request" }
  | { type: "run.resumed"; mode: "continue" | "step" }
  | { type: "run.finished"; status: FinishStatus; output?: string; error?: RunError };

export type RunEventType = RunEventBody["type"];

/** A tool call as the model made it; `arguments` is the model's JSON text. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Why a tool call failed: the model asked for a tool the agent lacks, arguments off the schema, or the call itself. */
export type ToolFailure = "unknown_tool" | "invalid_arguments" | "timeout" | "unavailable" | "error";

/** A person's decision on a run that reached its budget: go on with a higher one, or stop the run. */
export interface BudgetDecision {
  decision: "raise" | "stop";
  /** On "raise": the new budget in US dollars. */
  budgetUsd?: number;
}

/** A person's decision on a tool call waiting for approval. */
export interface ToolDecision {
  decision: "approve" | "reject";
  /** Approve with these arguments instead of the model's. */
  arguments?: unknown;
  /** Why it was rejected: the model is told. */
  reason?: string;
  /** Reject and give this as the tool's result instead. */
  result?: string;
}

/** A reply that did not fit the node's output schema, and why: the next call shows both to the model. */
export interface SchemaRetry {
  reply: string;
  problems: string[];
}

/** How a reply was read: an outcome the node declares, or null when the judge was not sure. */
export interface ReplyReading {
  outcome: string | null;
  /** Why, in a few words a person reads: "asks for a shorter version". */
  reason: string;
}

/** Every event type: what an event stream names, an import accepts and the API document lists. */
export const RUN_EVENT_TYPES = listOf({
  "run.started": true,
  "node.started": true,
  "message.delta": true,
  "llm.request": true,
  "llm.retry": true,
  "llm.response": true,
  message: true,
  "human.requested": true,
  "human.responded": true,
  "human.timed_out": true,
  "human.voted": true,
  "human.escalated": true,
  "task.claimed": true,
  "task.released": true,
  "reply.read": true,
  "tool.requested": true,
  "tool.approval.requested": true,
  "tool.approved": true,
  "tool.rejected": true,
  "tool.started": true,
  "tool.result": true,
  "tool.failed": true,
  "budget.reached": true,
  "budget.decided": true,
  "route.taken": true,
  "run.paused": true,
  "run.resumed": true,
  "run.finished": true,
} satisfies Record<RunEventType, true>);

/** A stored event: its body plus its place in the run (seq from 1) and time (epoch ms). */
export type RunEvent = RunEventBody & { seq: number; at: number };

export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
