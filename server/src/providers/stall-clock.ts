// The phases of a streamed model call, each with its own limit: connect (until the response
// starts), first token, and between tokens. The phase that runs out aborts the call and says
// which it was, so a silent server is retried instead of waited on forever. Every provider
// streams through one of these.
import { ModelError, type ModelTimeouts } from "./types.js";

export class StallClock {
  private timer: NodeJS.Timeout | undefined;
  private stalled: ModelError | undefined;
  private readonly stall = new AbortController();
  private flowing = false;
  /** Aborts when the caller cancels or a phase runs out: give it to the SDK call. */
  readonly signal: AbortSignal;

  constructor(
    private readonly limits: ModelTimeouts,
    private readonly caller: AbortSignal,
  ) {
    this.signal = AbortSignal.any([caller, this.stall.signal]);
  }

  /** The request is being sent: the connect clock runs until the response starts. */
  connecting(): void {
    this.arm(this.limits.connectMs, (wait) => `no response from the model server after ${wait} (connect timeout)`);
  }

  /** The response started: the first-token clock runs until text or a tool call arrives. */
  connected(): void {
    this.arm(this.limits.firstTokenMs, (wait) => `no first token after ${wait} (first-token timeout)`);
  }

  /**
   * A chunk arrived. `content` says it carried text or a tool call; until the first such chunk,
   * empty ones (roles, keep-alives) do not stop the first-token clock.
   */
  chunk(content: boolean): void {
    if (content) this.flowing = true;
    if (this.flowing) this.arm(this.limits.betweenTokensMs, (wait) => `no token for ${wait} after the last one (between-tokens timeout)`);
  }

  /** Stops the clock while the caller takes a chunk: a slow consumer is not a silent server. */
  hold(): void {
    clearTimeout(this.timer);
  }

  /** Why the call stopped, if it was stopped from our side (cancelled, or a phase ran out) rather than by the server. */
  interruption(): unknown {
    return this.caller.aborted ? this.caller.reason : this.stalled;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(ms: number, reason: (wait: string) => string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stalled = new ModelError(reason(duration(ms)), true);
      this.stall.abort();
    }, ms);
  }
}

/** "200 ms", "1.5 s", "30 s": how a timeout reads in an error. */
function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
