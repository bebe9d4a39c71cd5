// The hosted page's JSON API, under /d/{token}/api/: start a run (POST runs), read one (GET
// runs/{runId}) and follow it (GET runs/{runId}/events, Server-Sent Events of what the page
// shows). It reaches only the runs this page started; the deployment's run and body limits apply.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Assignment, Deployment, RunState } from "@tandem/shared";
import type { Context } from "hono";
import { startDeploymentRun } from "../../deploy/start.js";
import type { Engine } from "../../engine/engine.js";
import { FlowInvalidError } from "../../engine/errors.js";
import { windowLimiter, type WindowLimiter } from "../../auth/rate-limit.js";
import { pageInput } from "../../hosted/input.js";
import { pageRun, pageView, type NameOf } from "../../hosted/view.js";
import type { AccountStore } from "../../store/accounts.js";
import type { DeploymentStore } from "../../store/deployments.js";
import type { FlowStore } from "../../store/flows.js";
import { ApiError } from "../errors.js";
import { bodyLimit } from "../security.js";
import { runEventStream, type SseHub } from "../sse.js";

export interface HostedApiDeps {
  engine: Engine;
  deployments: Pick<DeploymentStore, "byPageToken">;
  flows: Pick<FlowStore, "get">;
  sse: SseHub;
  /** Display names of the people a run waits for. */
  people: Pick<AccountStore, "userByName">;
  /** Runs started per deployment in the last minute: shared with the deployment's endpoint, so that the two together keep its limit. */
  limiter?: WindowLimiter;
  now?: () => number;
}

const gone = () => new ApiError(404, "not_found", "this page is not available");

/** Every username under an `assignees` in `value` (a flow's nodes, escalations and tools; a run's requests). */
function assignedUsers(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) assignedUsers(v, into);
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "assignees") for (const user of (v as Partial<Assignment> | undefined)?.users ?? []) into.add(user);
      else assignedUsers(v, into);
    }
  }
  return into;
}

export function hostedApiRoutes(deps: HostedApiDeps) {
  const limiter = deps.limiter ?? windowLimiter(60_000);
  const now = deps.now ?? Date.now;
  const page = async (c: Context): Promise<Deployment> => {
    const d = await deps.deployments.byPageToken(c.req.param("token") ?? "");
    if (!d?.pageEnabled) throw gone();
    return d;
  };
  /** The display names of everyone the run may wait for, read up front: the page's view maps each event at once. */
  const namesFor = async (state: RunState): Promise<NameOf> => {
    const users = [...assignedUsers([state.flow, state.requests])];
    const names = new Map(await Promise.all(users.map(async (u) => [u, (await deps.people.userByName(u))?.name ?? u] as const)));
    return (username) => names.get(username) ?? username;
  };
  /** A run of this page: started by it through this deployment, else 404 as for any unknown run. */
  const runOf = async (c: Context): Promise<RunState> => {
    const d = await page(c);
    const state = await deps.engine.state(c.req.param("runId") ?? "");
    if (!state || state.deployment?.name !== d.name || state.deployment.via !== "page") throw new ApiError(404, "not_found", "this page started no such run");
    return state;
  };

  return new OpenAPIHono()
    .post(
      "/:token/api/runs",
      async (c, next) => bodyLimit((await page(c)).limits.bodyBytes)(c, next),
      async (c) => {
        const d = await page(c);
        const saved = await deps.flows.get(d.flowId, d.version);
        if (!saved) throw new ApiError(503, "unavailable", "this page cannot take requests right now");
        const body: unknown = await c.req.json().catch(() => {
          throw new ApiError(400, "bad_json", "the request body is not valid JSON");
        });
        const read = pageInput(saved.flow, body);
        if (!read.ok) {
          const problems = read.problems.map((p) => ({ ...p, severity: "error" as const }));
          const [first] = read.problems;
          throw new ApiError(422, "invalid_input", `${first!.path ? `${first!.path.replace(/^values\./, "")}: ` : ""}${first!.message}`, first!.path, problems);
        }
        const wait = limiter.retryAfter(d.name, d.limits.runsPerMinute, now());
        if (wait === 0) limiter.add(d.name, now());
        if (wait > 0) throw new ApiError(429, "rate_limited", `too many runs on this page: try again in ${wait} s`, undefined, undefined, { "Retry-After": String(wait) });
        try {
          const run = await startDeploymentRun(deps, d, read.input, { via: "page" });
          return c.json({ runId: run.id }, 201);
        } catch (e) {
          // Why the pinned version cannot run is for its owners, not the page's visitors.
          if (e instanceof FlowInvalidError) throw new ApiError(503, "unavailable", "this page cannot take requests right now");
          throw e;
        }
      },
    )
    .get("/:token/api/runs/:runId", async (c) => {
      const state = await runOf(c);
      return c.json(pageRun(state, await namesFor(state)), 200);
    })
    .get("/:token/api/runs/:runId/events", async (c) => {
      const state = await runOf(c);
      const nameOf = await namesFor(state);
      const last = Number(c.req.header("last-event-id") ?? 0);
      return runEventStream(c, deps.engine, deps.sse, state.runId, Number.isInteger(last) && last > 0 ? last : 0, pageView(state, nameOf)) as never;
    });
}
