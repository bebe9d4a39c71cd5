import type { AgentNode, ControlAction, HumanNode, RunEventBody, RunState } from "@tandem/shared";
import type { ProviderRegistry } from "../providers/registry.js";
import type { RunOwners } from "../store/owners.js";
import type { StoreHealth } from "./log.js";
import type { ToolBox } from "../tools/types.js";
import type { EventStore } from "../store/types.js";

export interface RetryPolicy {
  /** Retries after the first attempt (so maxRetries + 1 calls at most). */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What the engine needs from the world. Tests pass their own clock, ids and timings. */
export interface EngineDeps {
  store: EventStore;
  registry: ProviderRegistry;
  now?: () => number;
  newId?: () => string;
  retry?: Partial<RetryPolicy>;
  /** Who drives which run, when other processes may open the same store (none: this process alone). */
  owners?: RunOwners;
  /** How long streamed text is gathered into one stored delta; 0 (the default): one turn of the event loop. */
  deltaFlushMs?: number;
  /** Longest single timer a run waiting for a deadline arms (default one hour): it wakes, re-reads the clock and re-arms. */
  maxTimerMs?: number;
  /** Reads what a reply means (default: the live judge; a replay passes the recorded decisions). */
  judge?: Judge;
  /** The tools agents can call (default: none; a replay passes the recorded results). */
  tools?: ToolBox;
  /** Told when the store stops answering writes (runs wait and retry) and when it answers again (null). */
  onStoreHealth?: StoreHealth;
  /**
   * Sends a control to the live server that drives a run mid-step (several servers on one
   * database), resolving once it is sent; a cancel resolves once the run's end is stored.
   * None: such a control is refused naming that server (RunHeldError).
   */
  relayControl?: (runId: string, action: ControlAction) => Promise<void>;
}

/** Node's timers overflow past 2^31 - 1 ms (~24.8 days) and fire at once, so a deadline is never one timer. */
export const DEFAULT_MAX_TIMER_MS = 60 * 60 * 1000;

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

export type JudgedNode = AgentNode | HumanNode;

/** A reply to read: the node's, with the message it answers (the last assistant message before it). */
export interface JudgeAsk {
  node: JudgedNode;
  text: string;
  reviewed?: string;
}

/** The judge's decision, as reply.read records it. */
export type Decision = Omit<Extract<RunEventBody, { type: "reply.read" }>, "type" | "nodeId" | "text">;

export interface JudgeContext {
  state: RunState;
  registry: ProviderRegistry;
  retry: RetryPolicy;
  now: () => number;
  signal: AbortSignal;
}

/** Decides which of its node's outcomes a reply means (see judge.ts). */
export type Judge = (ask: JudgeAsk, ctx: JudgeContext) => Promise<Decision>;
