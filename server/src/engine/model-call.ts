// One model call under the engine's retry policy, shared by agents and the judge: streamed,
// and tried again with backoff while the failure is worth retrying.
import type { StopReason, ToolCall, Usage } from "@tandem/shared";
import { ModelError, type ModelProvider, type ModelRequest } from "../providers/types.js";
import { sleep, type NodeContext } from "./context.js";
import { isAbort } from "./errors.js";

export interface ModelReply {
  content: string;
  usage?: Usage;
  /** The tools the model asked to call (the provider's ids). */
  toolCalls?: ToolCall[];
  stopReason?: StopReason;
  /** The provider's own figure for the cost (see ModelChunk). */
  costUsd?: number;
  /** Failed attempts before this reply. */
  retries: number;
}

export interface CallHooks {
  onDelta?(text: string): void;
  /** Told before each wait for a retry (the partial reply of the failed attempt is void). */
  onRetry?(retry: { attempt: number; error: string; delayMs: number }): void;
}

/** The call failed for good: not worth retrying, or the retries ran out. The message says how many attempts. */
export class ModelCallError extends Error {
  constructor(readonly error: ModelError, readonly attempts: number) {
    super(`${error.message}${attempts > 1 ? ` (after ${attempts} attempts)` : ""}`);
    this.name = "ModelCallError";
  }
}

function backoff(retry: number, ctx: Pick<NodeContext, "retry">): number {
  const exp = ctx.retry.baseDelayMs * 2 ** retry;
  // Full jitter keeps many runs that failed together from retrying together.
  return Math.min(ctx.retry.maxDelayMs, Math.round(exp / 2 + (Math.random() * exp) / 2));
}

export async function callModel(
  ctx: Pick<NodeContext, "retry" | "signal">,
  provider: ModelProvider,
  request: ModelRequest,
  hooks: CallHooks = {},
): Promise<ModelReply> {
  for (let retries = 0; ; retries++) {
    try {
      let final: Omit<ModelReply, "retries"> | undefined;
      for await (const chunk of provider.stream(request, ctx.signal)) {
        if (chunk.type === "delta") hooks.onDelta?.(chunk.text);
        else final = chunk;
      }
      if (!final) throw new ModelError("the model stream ended without a final reply", true);
      const { content, usage, stopReason, costUsd, toolCalls } = final;
      return { content, usage, ...(stopReason ? { stopReason } : {}), ...(costUsd !== undefined ? { costUsd } : {}), ...(toolCalls?.length ? { toolCalls } : {}), retries };
    } catch (e) {
      if (isAbort(e) || ctx.signal.aborted) throw e;
      const err = e instanceof ModelError ? e : new ModelError((e as Error).message ?? String(e), false);
      if (!err.retryable || retries >= ctx.retry.maxRetries) throw new ModelCallError(err, retries + 1);
      const delayMs = Math.min(ctx.retry.maxDelayMs, err.retryAfterMs ?? backoff(retries, ctx));
      hooks.onRetry?.({ attempt: retries + 1, error: err.message, delayMs });
      await sleep(delayMs, ctx.signal);
    }
  }
}
