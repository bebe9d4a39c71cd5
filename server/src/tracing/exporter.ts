// Sends ended spans to the collector in batches, off the runs' path: push() only queues. A
// batch leaves every second, or at once when 512 spans wait; one request at a time, each with a
// timeout. While the collector is down or slow the queue is bounded (the oldest spans are dropped
// and counted), a failed batch goes back to the queue's front, and the log says so once per
// outage, not once per batch. Header values are sent, never logged.
import type { Logger } from "pino";
import type { TraceExport } from "./config.js";
import { otlpBody, type Resource } from "./otlp.js";
import type { Span } from "./span.js";

export interface ExporterOptions {
  flushMs?: number;
  batchSize?: number;
  /** Spans kept while the collector cannot take them. */
  maxQueue?: number;
  /** How long one request may take. */
  timeoutMs?: number;
}

const DEFAULTS: Required<ExporterOptions> = { flushMs: 1000, batchSize: 512, maxQueue: 8192, timeoutMs: 10_000 };

export class SpanExporter {
  private queue: Span[] = [];
  private readonly options: Required<ExporterOptions>;
  private readonly timer: NodeJS.Timeout;
  private sending: Promise<void> | undefined;
  private down = false;
  private droppedNow = 0;
  /** The endpoint as logged: no credentials or query in it. */
  private readonly where: string;
  /** Spans dropped since the start because the queue was full. */
  dropped = 0;

  constructor(
    private readonly config: TraceExport,
    private readonly resource: Resource,
    private readonly logger?: Logger,
    options: ExporterOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    const url = new URL(config.endpoint);
    this.where = url.origin + url.pathname;
    this.timer = setInterval(() => this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  push(spans: readonly Span[]): void {
    if (spans.length === 0) return;
    this.queue.push(...spans);
    this.trim();
    if (this.queue.length >= this.options.batchSize) this.flush();
  }

  /** Starts sending what waits, unless a request is on its way (it sends the rest when done). */
  flush(): void {
    if (this.sending || this.queue.length === 0) return;
    this.sending = this.sendAll().finally(() => (this.sending = undefined));
  }

  /** Stops the timer and sends what is queued, unless the collector is down (a shutdown waits one timeout at most). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sending;
    while (!this.down && this.queue.length > 0) if (!(await this.sendBatch())) break;
  }

  private async sendAll(): Promise<void> {
    while (this.queue.length > 0 && (await this.sendBatch()));
  }

  /** Sends one batch; false when the collector did not take it (the batch waits again). */
  private async sendBatch(): Promise<boolean> {
    const batch = this.queue.splice(0, this.options.batchSize);
    try {
      const res = await fetch(this.config.endpoint, {
        method: "POST",
        headers: { ...this.config.headers, "content-type": "application/json" },
        body: otlpBody(batch, this.resource),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.arrayBuffer();
      // 4xx but 429: the collector will never take this batch (a retry would fail alike).
      if (!res.ok && (res.status === 429 || res.status >= 500)) throw new Error(`HTTP ${res.status}`);
      if (!res.ok) this.logger?.warn({ status: res.status, spans: batch.length }, "the trace collector refused spans: dropped");
      this.recovered();
      return true;
    } catch (e) {
      this.queue.unshift(...batch);
      this.trim();
      this.failed(e);
      return false;
    }
  }

  private trim(): void {
    const over = this.queue.length - this.options.maxQueue;
    if (over <= 0) return;
    this.queue.splice(0, over);
    this.dropped += over;
    this.droppedNow += over;
  }

  private failed(e: unknown): void {
    if (this.down) return;
    this.down = true;
    const reason = e instanceof Error && e.name === "TimeoutError" ? `no answer in ${this.options.timeoutMs} ms` : causeOf(e);
    this.logger?.warn({ endpoint: this.where, reason }, "the trace collector cannot be reached: spans wait (the oldest are dropped when too many wait)");
  }

  private recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger?.info({ endpoint: this.where, dropped: this.droppedNow }, "the trace collector takes spans again");
    this.droppedNow = 0;
  }
}

/** fetch's own message ("fetch failed") says little: its cause names the connection error. */
function causeOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? `: ${(e.cause as NodeJS.ErrnoException).code ?? e.cause.message}` : "";
  return `${e.message}${cause}`;
}
