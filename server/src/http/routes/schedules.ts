// /api/deployments/{name}/schedules: the cron schedules that start a deployment's runs, with
// their next times and the last tick handled; pausing, resuming and changing one re-arms the scheduler.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { MAX_INPUT_CHARS, MISSED_TICKS, type Schedule, type ScheduleRequest } from "@tandem/shared";
import type { Runtime } from "../../runtime.js";
import { readCron, ScheduleFieldError } from "../../schedules/cron.js";
import type { StoredSchedule } from "../../store/schedules.js";
import { exactly } from "../contract.js";
import { ApiError } from "../errors.js";
import { body, errorResponses, json, pathParam } from "../schemas.js";

/** How many next times a schedule shows. */
const NEXT_COUNT = 5;

const ScheduleSchema = exactly<Schedule>()(
  z
    .object({
      id: z.string(),
      deployment: z.string(),
      cron: z.string(),
      timezone: z.string(),
      input: z.string(),
      missed: z.enum(MISSED_TICKS),
      paused: z.boolean(),
      next: z.array(z.number()).openapi({ description: `The next ${NEXT_COUNT} times it fires (epoch ms); empty while paused` }),
      lastTick: z
        .object({ at: z.number(), runId: z.string().nullable(), skipped: z.boolean(), error: z.string().optional() })
        .nullable()
        .openapi({ description: "The latest tick handled: its run, skipped (missed while down), or why its run could not start" }),
      createdAt: z.number(),
    })
    .openapi("Schedule"),
);

const fields = {
  cron: z.string().min(1).max(200).openapi({ description: "5 or 6 fields (seconds first), read by croner", example: "0 9 * * 1-5" }),
  timezone: z.string().min(1).max(100).openapi({ description: "IANA time zone; default UTC", example: "Europe/Paris" }),
  input: z.string().max(MAX_INPUT_CHARS).openapi({ description: "The input each scheduled run gets" }),
  missed: z.enum(MISSED_TICKS).openapi({ description: "Ticks missed while the server was down: run the latest once (default), or skip them" }),
  paused: z.boolean(),
};
const CreateBody = exactly<ScheduleRequest>()(
  z
    .object({ cron: fields.cron, timezone: fields.timezone.optional(), input: fields.input.optional(), missed: fields.missed.optional(), paused: fields.paused.optional() })
    .strict()
    .openapi("ScheduleRequest"),
);
const UpdateBody = exactly<Partial<ScheduleRequest>>()(CreateBody.partial().strict().openapi("ScheduleUpdate"));

const DeploymentParam = z.object({ name: pathParam("name") });
const ScheduleParam = z.object({ name: pathParam("name"), id: pathParam("id") });

const list = createRoute({
  method: "get",
  path: "/{name}/schedules",
  summary: "A deployment's schedules",
  request: { params: DeploymentParam },
  responses: { 200: json(z.object({ schedules: z.array(ScheduleSchema) }), "The schedules, oldest first"), ...errorResponses(401, 403, 404) },
});
const create = createRoute({
  method: "post",
  path: "/{name}/schedules",
  summary: "Start the deployment's runs on a cron schedule",
  request: { params: DeploymentParam, body: body(CreateBody) },
  responses: { 201: json(ScheduleSchema, "The new schedule"), ...errorResponses(401, 403, 404, 413, 422) },
});
const update = createRoute({
  method: "patch",
  path: "/{name}/schedules/{id}",
  summary: "Change, pause or resume a schedule (a resume counts from now: no burst of the ticks it slept through)",
  request: { params: ScheduleParam, body: body(UpdateBody) },
  responses: { 200: json(ScheduleSchema, "The schedule"), ...errorResponses(401, 403, 404, 413, 422) },
});
const remove = createRoute({
  method: "delete",
  path: "/{name}/schedules/{id}",
  summary: "Delete a schedule (its runs stay)",
  request: { params: ScheduleParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
});

/** The cron expression read in its time zone, or a 422 naming the field at fault. */
function cronOf(cron: string, timezone: string) {
  try {
    return readCron(cron, timezone);
  } catch (e) {
    if (!(e instanceof ScheduleFieldError)) throw e;
    throw new ApiError(422, "invalid_request", `${e.field}: ${e.message}`, e.field, [{ path: e.field, message: e.message, severity: "error" }]);
  }
}

export function scheduleRoutes(runtime: Pick<Runtime, "schedules" | "scheduler" | "deployments">, now: () => number = Date.now) {
  const { schedules, scheduler, deployments } = runtime;
  const view = async ({ since, ...s }: StoredSchedule): Promise<Schedule> => ({
    ...s,
    next: s.paused ? [] : cronOf(s.cron, s.timezone).next(Math.max(now(), since), NEXT_COUNT),
    lastTick: await schedules.lastTick(s.id),
  });
  const deployment = async (name: string) => {
    if (!(await deployments.get(name))) throw new ApiError(404, "not_found", `no deployment "${name}"`);
  };
  // A schedule is reached under its own deployment's name only.
  const schedule = async (name: string, id: string) => {
    const s = await schedules.get(id);
    if (!s || s.deployment !== name) throw new ApiError(404, "not_found", `no schedule "${id}" on the deployment "${name}"`);
    return s;
  };

  return new OpenAPIHono()
    .openapi(list, async (c) => {
      const { name } = c.req.valid("param");
      await deployment(name);
      return c.json({ schedules: await Promise.all((await schedules.list(name)).map(view)) }, 200);
    })
    .openapi(create, async (c) => {
      const { name } = c.req.valid("param");
      const req = c.req.valid("json");
      await deployment(name);
      cronOf(req.cron, req.timezone ?? "UTC");
      const s = await schedules.create(name, req, now());
      scheduler.changed();
      return c.json(await view(s), 201);
    })
    .openapi(update, async (c) => {
      const { name, id } = c.req.valid("param");
      const req = c.req.valid("json");
      const current = await schedule(name, id);
      cronOf(req.cron ?? current.cron, req.timezone ?? current.timezone);
      const s = await schedules.update(id, req, now());
      if (!s) throw new ApiError(404, "not_found", `no schedule "${id}" on the deployment "${name}"`);
      scheduler.changed();
      return c.json(await view(s), 200);
    })
    .openapi(remove, async (c) => {
      const { name, id } = c.req.valid("param");
      await schedule(name, id);
      await schedules.delete(id);
      scheduler.changed();
      return c.body(null, 204);
    });
}
