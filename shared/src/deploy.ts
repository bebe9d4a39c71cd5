// Deployments: a named, pinned version of a saved flow that other people and programs run
// (an HTTP endpoint with its own keys, a hosted page, schedules). Types and pure checks only.

/** A deployment's name: it is part of URLs, so lower-case letters, digits and dashes. */
export const DEPLOYMENT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const DEPLOYMENT_NAME_HINT = "lower-case letters, digits and dashes, 1 to 64 characters, not starting or ending with a dash";

/** How a deployment's run was started; recorded in run.started (RunOrigin.deployment). */
export const DEPLOY_VIAS = ["api", "page", "schedule"] as const;
export type DeployVia = (typeof DEPLOY_VIAS)[number];

/** What run.started records about the deployment that started the run. */
export interface DeploymentOrigin {
  name: string;
  via: DeployVia;
  /** Set when a schedule started the run: which one, and the tick (epoch ms) it is for. */
  scheduleId?: string;
  tick?: number;
}

/** Limits a deployment's callers get (the server's defaults when absent). */
export interface DeploymentLimits {
  /** Runs started per minute through the endpoint and the hosted page together. */
  runsPerMinute: number;
  /** The largest request body, in bytes. */
  bodyBytes: number;
}

export const DEFAULT_DEPLOYMENT_LIMITS: DeploymentLimits = { runsPerMinute: 60, bodyBytes: 256 * 1024 };

/** What a person sets on a deployment (POST creates, PATCH changes any part). */
export interface DeploymentSettings {
  /** Receives the result of each run (signed like the other outbound webhooks). */
  callbackUrl?: string | null;
  /** Origins allowed to embed the hosted page and call the endpoint from a browser ("https://example.com"). */
  allowedOrigins?: string[];
  /** The hosted page is on (reachable at its share link). */
  pageEnabled?: boolean;
  limits?: Partial<DeploymentLimits>;
  description?: string;
  /** What each run may spend on model calls (US dollars) before it stops to ask a person; null: the flow's. */
  budgetUsd?: number | null;
}

/** A deployment as the API answers it. */
export interface Deployment {
  name: string;
  flowId: string;
  flowName: string;
  /** The version every new run of this deployment runs, until another is promoted. */
  version: number;
  description: string;
  callbackUrl: string | null;
  allowedOrigins: string[];
  pageEnabled: boolean;
  /** The hosted page's path (`/d/<token>`), null while the page is off. */
  pagePath: string | null;
  limits: DeploymentLimits;
  /** What each run may spend before it stops to ask a person (US dollars); null: the flow's budget. */
  budgetUsd: number | null;
  createdAt: number;
  updatedAt: number;
  /** Who published it and who promoted last (display names). */
  createdBy: string;
  promotedBy: string;
  /** Every version promoted so far, newest first. */
  history: { version: number; at: number; by: string }[];
}

export interface CreateDeploymentRequest extends DeploymentSettings {
  name: string;
  flowId: string;
  version: number;
}

export interface PromoteRequest {
  version: number;
}

/** A deployment's API key as listed: never the key itself. */
export interface DeploymentKeyInfo {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart ("tdk_3f9a"). */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** The answer to making a key: the only time the key is shown. */
export interface CreatedDeploymentKey extends DeploymentKeyInfo {
  key: string;
}

/** What a missed tick (the server was down when it fell due) does at the next start. */
export const MISSED_TICKS = ["run-once", "skip"] as const;
export type MissedTicks = (typeof MISSED_TICKS)[number];

export interface Schedule {
  id: string;
  deployment: string;
  /** A cron expression (5 or 6 fields), read by croner. */
  cron: string;
  /** IANA time zone the expression is read in; default UTC. */
  timezone: string;
  /** The input each scheduled run gets. */
  input: string;
  missed: MissedTicks;
  paused: boolean;
  /** The next few times it will fire (epoch ms), empty while paused. */
  next: number[];
  /** The latest tick handled: its run, or skipped (missed while down), or why no run could start. */
  lastTick: { at: number; runId: string | null; skipped: boolean; error?: string } | null;
  createdAt: number;
}

/** Body of POST /api/deployments/:name/schedules (and PATCH with any part). */
export interface ScheduleRequest {
  cron: string;
  timezone?: string;
  input?: string;
  missed?: MissedTicks;
  paused?: boolean;
}

/** Body of POST /api/deployments/:name/runs. */
export interface DeploymentRunRequest {
  input: string;
}

/** The 201 of an asynchronous deployment run (and the body sent to its callback URL, with `result`). */
export interface DeploymentRunStarted {
  runId: string;
  /** GET it for the run's status. */
  statusUrl: string;
  /** The run's live event stream (server-sent events). */
  eventsUrl: string;
}

/** A deployment's figures over its runs (the studio's deployment page). */
export interface DeploymentStats {
  runs: number;
  finished: number;
  /** Of finished runs, the share that failed (0..1); null before any finished. */
  errorRate: number | null;
  /** Duration of finished runs, in ms; null before any finished. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** What its runs' model calls cost in all, in US dollars. */
  costUsd: number;
  /** What a finished run cost on average, in US dollars; null before any finished. */
  avgCostUsd: number | null;
  /** Runs per version. */
  byVersion: { version: number; runs: number }[];
}
