// Signed webhooks: each notification is POSTed as JSON to every webhook that wants its kind (and
// each deployment run's result to its callback URL, see deploy/callback.ts),
// with an HMAC-SHA256 signature over "<timestamp>.<body>", retried with exponential backoff and
// jitter on 5xx, timeouts and connection errors (never on 4xx), each try in the delivery log.
// Sending never blocks the caller: a run goes on at its own pace whatever the collector does.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { Actor } from "@tandem/shared";
import type { Logger } from "pino";
import type { DeliveryLog } from "../store/notify.js";
import type { NotifyConfig, NotifyEvent } from "./config.js";

/** What a webhook receives. */
export interface WebhookPayload {
  type: NotifyEvent;
  runId: string;
  requestId: string;
  nodeId: string;
  flowName: string;
  /** What was asked (task.created), or the escalation step (task.escalated). */
  task?: Record<string, unknown>;
  /** Who did it (claimed, answered). */
  actor?: Actor;
  /** When it happened (ms since the epoch). */
  at: number;
}

export interface WebhookOptions {
  /** The first retry's delay; each next one doubles it (default 1 s). */
  baseDelayMs?: number;
  /** Tries in all, the first included (default 6). */
  maxTries?: number;
  /** How long one try may take (default 10 s). */
  timeoutMs?: number;
  now?: () => number;
  /** Where a delivery the log could not record is told (the POST goes on all the same). */
  logger?: Pick<Logger, "warn">;
}

export const SIGNATURE_HEADER = "X-Tandem-Signature";
export const DELIVERY_HEADER = "X-Tandem-Delivery";

const hmac = (secret: string, t: number, body: string) => createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");

/** The X-Tandem-Signature value for `body` sent at `t` (unix seconds). */
export function signature(secret: string, body: string, t: number): string {
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

/**
 * Whether `header` (X-Tandem-Signature) signs `body` (the raw request body, as received) with
 * `secret`, at most `toleranceSeconds` ago: what a collector checks before it trusts a webhook.
 */
export function verifySignature(secret: string, header: string, body: string, toleranceSeconds: number, nowMs = Date.now()): boolean {
  const parts = new Map(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(nowMs / 1000 - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  return timingSafeEqual(Buffer.from(hmac(secret, t, body), "hex"), Buffer.from(v1, "hex"));
}

export class Webhooks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly baseDelayMs: number;
  private readonly maxTries: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly logger?: Pick<Logger, "warn">;
  private closed = false;

  constructor(
    private readonly config: Pick<NotifyConfig, "webhooks" | "env">,
    private readonly log: DeliveryLog,
    options: WebhookOptions = {},
  ) {
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxTries = options.maxTries ?? 6;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
  }

  /** Queues the payload for every webhook that wants its kind; returns at once. */
  send(payload: WebhookPayload): void {
    const body = JSON.stringify(payload);
    for (const hook of this.config.webhooks) {
      if (hook.events.includes(payload.type)) this.deliver(hook, { type: payload.type, runId: payload.runId, requestId: payload.requestId }, body);
    }
  }

  /**
   * Queues one signed POST of `body` to `target.url` (a webhook, a deployment's callback URL),
   * logged in the delivery log as `about`; returns at once.
   */
  deliver(target: { url: string; secretEnv: string }, about: { type: string; runId: string; requestId: string }, body: string): void {
    if (this.closed) return;
    const id = randomUUID();
    // Logged before the first try, so that the try has a row to record its outcome in.
    const logged = this.record(this.log.add({ id, url: target.url, ...about, createdAt: this.now() }), id);
    this.track(logged.then(() => this.attempt(id, target.url, target.secretEnv, body, 1)));
  }

  /** Stops retrying and waits for the tries under way (a shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    // A try started by work that ends meanwhile is waited for too.
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private attempt(id: string, url: string, secretEnv: string, body: string, tryNo: number): void {
    const done = this.post(id, url, secretEnv, body).then(async (result) => {
      const retry = result.retry && tryNo < this.maxTries && !this.closed;
      const status = result.ok ? "delivered" : retry ? "pending" : "failed";
      await this.record(this.log.tried(id, { status, lastStatus: result.status, lastError: result.error, at: this.now() }), id);
      if (!retry) return;
      // Exponential backoff with jitter, so that many deliveries do not all come back at once.
      const delay = this.baseDelayMs * 2 ** (tryNo - 1) * (1 + Math.random() / 2);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.attempt(id, url, secretEnv, body, tryNo + 1);
      }, delay);
      timer.unref();
      this.timers.add(timer);
    });
    this.track(done);
  }

  /** Counts the work among the tries under way, until it ends. */
  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** A write to the delivery log; one that fails is told, and the delivery goes on. */
  private async record(write: Promise<void>, id: string): Promise<void> {
    try {
      await write;
    } catch (e) {
      this.logger?.warn({ delivery: id, err: (e as Error).message }, "could not record the webhook delivery");
    }
  }

  private async post(id: string, url: string, secretEnv: string, body: string): Promise<{ ok: boolean; retry: boolean; status?: number; error?: string }> {
    const secret = this.config.env(secretEnv);
    if (!secret) return { ok: false, retry: false, error: `the signing secret's variable ${secretEnv} is not set` };
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [SIGNATURE_HEADER]: signature(secret, body, Math.floor(this.now() / 1000)),
          [DELIVERY_HEADER]: id,
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body?.cancel();
      if (res.ok) return { ok: true, retry: false, status: res.status };
      return { ok: false, retry: res.status >= 500, status: res.status, error: `HTTP ${res.status}` };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const why = err.name === "TimeoutError" ? `no answer within ${this.timeoutMs} ms` : (err.cause?.code ?? err.message);
      return { ok: false, retry: true, error: why };
    }
  }
}
