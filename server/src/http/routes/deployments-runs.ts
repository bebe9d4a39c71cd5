// A deployment's endpoint, for programs: start a run of its pinned version with one of its keys
// (at once, or ?wait=true for the result), then read that run's status and live events with the
// same key. The key is the only credential: an unknown deployment, a missing, wrong or revoked
// key all get the same 401. Each deployment has its own runs-per-minute and body-size limits.
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { FINISH_STATUSES, type Deployment, type DeploymentRunStatus, type RunEvent, type RunState, type RunStatus } from "@tandem/shared";
import type { Context, MiddlewareHandler } from "hono";
import type { WindowLimiter } from "../../auth/rate-limit.js";
import { startDeploymentRun, type DeployStartDeps } from "../../deploy/start.js";
import type { Run } from "../../engine/run.js";
import type { DeploymentKeyStore } from "../../store/deployment-keys.js";
import type { DeploymentStore } from "../../store/deployments.js";
import { ApiError } from "../errors.js";
import { bodyLimit } from "../security.js";
import { body, errorResponses, json } from "../schemas.js";
import type { SseHub } from "../sse.js";
import { eventStream, streamEvents } from "./runs/read.js";
import { tasksOf } from "./tasks.js";
import { DeploymentNameParam, RunParam, RunRequestBody, RunStartedSchema, RunStatusBody, WaitQuery } from "./deployments-schemas.js";

export interface DeploymentRunsDeps extends DeployStartDeps {
  deployments: Pick<DeploymentStore, "get">;
  keys: Pick<DeploymentKeyStore, "use">;
  sse: SseHub;
  /** Runs started per deployment over the last minute (shared with the hosted page). */
  limiter: WindowLimiter;
  now?: () => number;
}

const keyed = {
  security: [{ bearer: [] }],
  description: "Send one of the deployment's keys: `Authorization: Bearer tdk_…`.",
};
const unauthorized = { 401: { description: "No such deployment, or a missing, wrong or revoked key (the same answer for each)" } };
const tooMany = { 429: { description: "Over the deployment's runs per minute: try again after Retry-After seconds" } };

/** The deployment the request's key opened (set by the key check). */
const DEPLOYMENT = "tandem.deployment";
const deploymentOf = (c: Context) => c.get(DEPLOYMENT as never) as Deployment;

const WAITING: ReadonlySet<RunEvent["type"]> = new Set(["run.finished", "human.requested", "tool.approval.requested", "budget.reached"]);

/** Resolves once the run finishes or asks a person, after `ms`, or when the caller goes away. */
function atRest(run: Run, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let unsubscribe = () => {};
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    unsubscribe = run.subscribe((e) => WAITING.has(e.type) && done());
    signal.addEventListener("abort", done);
    void run.done.then(done, done);
  });
}

export function deploymentRunRoutes(deps: DeploymentRunsDeps) {
  const now = deps.now ?? Date.now;
  const urls = (name: string, runId: string) => {
    const statusUrl = `/api/deployments/${name}/runs/${runId}`;
    return { runId, statusUrl, eventsUrl: `${statusUrl}/events` };
  };
  const statusOf = (name: string, s: RunState): DeploymentRunStatus => ({
    ...urls(name, s.runId),
    status: s.status,
    output: s.output ?? null,
    error: s.error ?? null,
    task: tasksOf(s)[0] ?? null,
  });

  /** Admits a request with a live key of the deployment it names; everyone else gets the same 401. */
  const withKey: MiddlewareHandler = async (c, next) => {
    const name = c.req.param("name") ?? "";
    const key = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    // The key is checked whether the deployment exists or not: the answer takes as long either way.
    const valid = await deps.keys.use(name, key, now());
    const d = await deps.deployments.get(name);
    if (!valid || !d) {
      throw new ApiError(401, "unauthorized", "send a valid key of this deployment: Authorization: Bearer tdk_…", undefined, undefined, {
        "WWW-Authenticate": 'Bearer realm="tandem-deployment"',
      });
    }
    c.set(DEPLOYMENT as never, d as never);
    await next();
  };
  /** The deployment's runs per minute (each admitted request counts), then its body limit. */
  const withinLimits: MiddlewareHandler = async (c, next) => {
    const d = deploymentOf(c);
    const wait = deps.limiter.retryAfter(d.name, d.limits.runsPerMinute, now());
    if (wait > 0) {
      throw new ApiError(429, "rate_limited", `deployment "${d.name}" takes at most ${d.limits.runsPerMinute} runs a minute: try again in ${wait} s`, undefined, undefined, {
        "Retry-After": String(wait),
      });
    }
    deps.limiter.add(d.name, now());
    return bodyLimit(d.limits.bodyBytes)(c, next);
  };
  /** The run, when the deployment started it; the same 404 for any other. */
  const runOf = async (d: Deployment, runId: string) => {
    const state = await deps.engine.state(runId);
    if (state?.deployment?.name !== d.name) throw new ApiError(404, "not_found", `deployment "${d.name}" has no run "${runId}"`);
    return state;
  };

  const start = createRoute({
    method: "post",
    path: "/{name}/runs",
    summary: "Run a deployment: its pinned version, with this input",
    description:
      `${keyed.description} Answers 201 at once; with ?wait=true, 200 when the run finishes, or 202 when it asks a person ` +
      "(with the task) or is still running when `timeout` is up.",
    security: keyed.security,
    middleware: [withKey, withinLimits] as const,
    request: { params: DeploymentNameParam, query: WaitQuery, body: body(RunRequestBody) },
    responses: {
      200: json(RunStatusBody, "Finished (?wait=true)"),
      201: json(RunStartedSchema, "Started"),
      202: json(RunStatusBody, "Asking a person, or still running when the wait was up (?wait=true)"),
      ...errorResponses(400, 413, 415, 422),
      ...unauthorized,
      ...tooMany,
    },
  });
  const status = createRoute({
    method: "get",
    path: "/{name}/runs/{runId}",
    summary: "A deployment's run: status, output, the task it waits for",
    description: keyed.description,
    security: keyed.security,
    middleware: [withKey] as const,
    request: { params: RunParam },
    responses: { 200: json(RunStatusBody, "The run"), ...errorResponses(404), ...unauthorized },
  });
  const events = createRoute({
    method: "get",
    path: "/{name}/runs/{runId}/events",
    summary: "A deployment's run's live events (Server-Sent Events)",
    description: `${keyed.description} ${eventStream.description}`,
    security: keyed.security,
    middleware: [withKey] as const,
    request: { params: RunParam, query: eventStream.query, headers: eventStream.headers },
    responses: { 200: eventStream.response, ...errorResponses(404, 422), ...unauthorized },
  });

  return new OpenAPIHono()
    .openapi(start, async (c) => {
      const d = deploymentOf(c);
      const { wait, timeout } = c.req.valid("query");
      const run = await startDeploymentRun(deps, d, c.req.valid("json").input, { via: "api" });
      if (wait !== "true") return c.json(urls(d.name, run.id), 201);
      await atRest(run, timeout * 1000, c.req.raw.signal);
      const answer = statusOf(d.name, run.state);
      return c.json(answer, (FINISH_STATUSES as readonly RunStatus[]).includes(answer.status) ? 200 : 202);
    })
    .openapi(status, async (c) => {
      const d = deploymentOf(c);
      return c.json(statusOf(d.name, await runOf(d, c.req.valid("param").runId)), 200);
    })
    .openapi(events, async (c) => {
      const d = deploymentOf(c);
      const { runId } = c.req.valid("param");
      await runOf(d, runId);
      return streamEvents(c, deps.engine, deps.sse, runId, c.req.valid("query").after, c.req.valid("header")["last-event-id"]) as never;
    });
}
