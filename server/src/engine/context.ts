import type { RunState } from "@tandem/shared";
import type { ProviderRegistry } from "../providers/registry.js";
import type { Judge, RetryPolicy } from "./deps.js";
import type { EventLog } from "./log.js";
import type { ToolBox } from "../tools/types.js";

/** What a node handler can use while it runs. */
export interface NodeContext {
  readonly log: EventLog;
  readonly state: RunState;
  readonly signal: AbortSignal;
  readonly registry: ProviderRegistry;
  readonly retry: RetryPolicy;
  readonly now: () => number;
  readonly newId: () => string;
  /** Reads what a reply means (a replay gives back the recorded decisions). */
  readonly judge: Judge;
  /** Calls the tools agents name (a replay gives back the recorded results). */
  readonly tools: ToolBox;
}

/** Resolves after `ms`, or rejects with the signal's AbortError. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
