// Starting runs: of a flow sent along (POST /api/runs) or of the latest version of a saved one
// (POST /api/flows/:id/runs). The flow is checked once, here, and a flow with errors never
// starts; the breakpoints must name its nodes.
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { validateFlow, type FlowRecord, type StartRunRequest } from "@tandem/shared";
import { checkedFlow, type CheckedFlow } from "../../../engine/checked-flow.js";
import type { Engine } from "../../../engine/engine.js";
import { ApiError } from "../../errors.js";
import { body, errorResponses, IdParam, json } from "../../schemas.js";
import { InlineStartBody, RunCreatedSchema, StartBody } from "./schemas.js";

const startInline = createRoute({
  method: "post",
  path: "/",
  summary: "Start a run of an inline flow",
  description: "The flow is checked first (shape and graph); a flow with errors never starts and every problem is listed.",
  request: { body: body(InlineStartBody) },
  responses: { 201: json(RunCreatedSchema, "Started"), ...errorResponses(400, 413, 415, 422) },
});

const startSaved = createRoute({
  method: "post",
  path: "/{id}/runs",
  summary: "Start a run of the latest version of a saved flow",
  description: "The run records the flow id and version it ran (`flowId`, `flowVersion`).",
  request: { params: IdParam, body: body(StartBody) },
  responses: { 201: json(RunCreatedSchema, "Started"), ...errorResponses(400, 404, 413, 415, 422) },
});

export interface FlowSource {
  /** The latest version of a saved flow, or undefined. */
  latest(id: string): Promise<Pick<FlowRecord, "flow" | "problems" | "version"> | undefined>;
}

/** Breakpoints must name nodes of the flow. */
function checkBreakpoints(flow: CheckedFlow, breakpoints: string[] | undefined): void {
  const ids = new Set(flow.nodes.map((n) => n.id));
  const i = (breakpoints ?? []).findIndex((b) => !ids.has(b));
  if (i >= 0) {
    const path = `breakpoints[${i}]`;
    const message = `the flow has no node "${breakpoints![i]}"`;
    throw new ApiError(422, "invalid_request", `${path}: ${message}`, path, [{ path, message, severity: "error" }]);
  }
}

/** How the run starts: its options, and its budget when the request sets one (else the flow's). */
function startOptions(b: StartRunRequest) {
  return {
    options: {
      ...(b.stepMode !== undefined ? { stepMode: b.stepMode } : {}),
      ...(b.breakpoints !== undefined ? { breakpoints: b.breakpoints } : {}),
    },
    ...(b.budgetUsd !== undefined ? { budgetUsd: b.budgetUsd } : {}),
  };
}

export function startRoutes(engine: Engine) {
  return new OpenAPIHono().openapi(startInline, async (c) => {
    const b = c.req.valid("json");
    // The body's flow has been parsed already (FlowDocument): the graph rules remain.
    const flow = checkedFlow(b.flow, validateFlow(b.flow), "flow");
    checkBreakpoints(flow, b.breakpoints);
    return c.json({ runId: (await engine.start(flow, b.input, startOptions(b))).id }, 201);
  });
}

/** POST /api/flows/:id/runs, mounted under /api/flows. */
export function flowRunRoutes({ engine, flows }: { engine: Engine; flows: FlowSource }) {
  return new OpenAPIHono().openapi(startSaved, async (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    const saved = await flows.latest(id);
    if (!saved) throw new ApiError(404, "not_found", `unknown flow "${id}"`);
    // The store has validated the version it read: its problems say whether it can run.
    const flow = checkedFlow(saved.flow, saved.problems);
    checkBreakpoints(flow, b.breakpoints);
    return c.json({ runId: (await engine.start(flow, b.input, { flowId: id, flowVersion: saved.version, ...startOptions(b) })).id }, 201);
  });
}
