// /api/deployments: publish a saved version of a flow under a name, change its settings,
// promote another version, delete it, and read its figures. Only a saved version that can run
// is published or promoted; the deployment's keys are in deployments-keys.ts and calling it in
// deployments-runs.ts.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { callerActor } from "../../auth/accounts.js";
import type { DeploymentKeyStore } from "../../store/deployment-keys.js";
import type { DeploymentStatsQuery } from "../../store/deployment-stats.js";
import { DeploymentExistsError, type DeploymentStore } from "../../store/deployments.js";
import type { FlowStore } from "../../store/flows.js";
import type { ScheduleStore } from "../../store/schedules.js";
import { ApiError } from "../errors.js";
import { body, errorResponses, json } from "../schemas.js";
import { CreateBody, DeploymentNameParam, DeploymentSchema, PromoteBody, SettingsBody, StatsSchema } from "./deployments-schemas.js";

export interface DeploymentsDeps {
  deployments: DeploymentStore;
  flows: Pick<FlowStore, "get">;
  keys: Pick<DeploymentKeyStore, "deleteAll">;
  /** A deleted deployment's schedules go with it. */
  schedules: Pick<ScheduleStore, "list" | "delete">;
  stats: DeploymentStatsQuery;
}

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List deployments by name",
  responses: { 200: json(z.object({ deployments: z.array(DeploymentSchema) }), "The deployments") },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Publish a saved version of a flow under a name",
  request: { body: body(CreateBody) },
  responses: { 201: json(DeploymentSchema, "Published"), ...errorResponses(400, 409, 413, 415, 422) },
});
const read = createRoute({
  method: "get",
  path: "/{name}",
  summary: "A deployment",
  request: { params: DeploymentNameParam },
  responses: { 200: json(DeploymentSchema, "The deployment"), ...errorResponses(404) },
});
const update = createRoute({
  method: "patch",
  path: "/{name}",
  summary: "Change a deployment's settings (any part; the version changes only by promotion)",
  request: { params: DeploymentNameParam, body: body(SettingsBody) },
  responses: { 200: json(DeploymentSchema, "Changed"), ...errorResponses(400, 404, 413, 415, 422) },
});
const remove = createRoute({
  method: "delete",
  path: "/{name}",
  summary: "Delete a deployment and its keys (its runs are kept)",
  request: { params: DeploymentNameParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(404) },
});
const promote = createRoute({
  method: "post",
  path: "/{name}/promote",
  summary: "Pin another saved version: new runs run it, running ones keep theirs",
  request: { params: DeploymentNameParam, body: body(PromoteBody) },
  responses: { 200: json(DeploymentSchema, "Promoted"), ...errorResponses(400, 404, 413, 415, 422) },
});
const stats = createRoute({
  method: "get",
  path: "/{name}/stats",
  summary: "A deployment's figures: runs, error rate, p50/p95 duration, runs per version",
  description: "Its runs themselves: GET /api/runs?deployment=<name>.",
  request: { params: DeploymentNameParam },
  responses: { 200: json(StatsSchema, "The figures"), ...errorResponses(404) },
});

const invalid = (path: string, message: string) =>
  new ApiError(422, "invalid_request", `${path}: ${message}`, path, [{ path, message, severity: "error" }]);

/** The deployment, or a 404 naming it. */
export async function deploymentOr404(deployments: Pick<DeploymentStore, "get">, name: string) {
  const d = await deployments.get(name);
  if (!d) throw new ApiError(404, "not_found", `no deployment "${name}"`);
  return d;
}

export function deploymentRoutes({ deployments, flows, keys, schedules, stats: statsOf }: DeploymentsDeps) {
  /** A version that exists and can run: what a deployment may pin. */
  const checkVersion = async (flowId: string, version: number) => {
    const saved = await flows.get(flowId, version);
    if (!saved) throw (await flows.get(flowId)) ? invalid("version", `flow "${flowId}" has no version ${version}`) : invalid("flowId", `no saved flow "${flowId}"`);
    if (!saved.valid) throw invalid("version", `version ${version} of flow "${flowId}" has errors and cannot run; fix and save it first`);
  };
  const by = (c: Context) => callerActor(c).name;

  return new OpenAPIHono()
    .openapi(list, async (c) => c.json({ deployments: await deployments.list() }, 200))
    .openapi(create, async (c) => {
      const req = c.req.valid("json");
      await checkVersion(req.flowId, req.version);
      try {
        return c.json(await deployments.create(req, by(c)), 201);
      } catch (e) {
        if (e instanceof DeploymentExistsError) throw new ApiError(409, "conflict", e.message, "name");
        throw e;
      }
    })
    .openapi(read, async (c) => c.json(await deploymentOr404(deployments, c.req.valid("param").name), 200))
    .openapi(update, async (c) => {
      const { name } = c.req.valid("param");
      const updated = await deployments.update(name, c.req.valid("json"));
      return c.json(updated ?? (await deploymentOr404(deployments, name)), 200);
    })
    .openapi(remove, async (c) => {
      const { name } = c.req.valid("param");
      if (!(await deployments.delete(name))) await deploymentOr404(deployments, name);
      await keys.deleteAll(name);
      for (const schedule of await schedules.list(name)) await schedules.delete(schedule.id);
      return c.body(null, 204);
    })
    .openapi(promote, async (c) => {
      const { name } = c.req.valid("param");
      const d = await deploymentOr404(deployments, name);
      const { version } = c.req.valid("json");
      await checkVersion(d.flowId, version);
      const promoted = await deployments.promote(name, version, by(c));
      return c.json(promoted ?? (await deploymentOr404(deployments, name)), 200);
    })
    .openapi(stats, async (c) => {
      const { name } = c.req.valid("param");
      await deploymentOr404(deployments, name);
      return c.json(await statsOf(name), 200);
    });
}
