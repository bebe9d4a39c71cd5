// /api/runs: start runs (of an inline flow, or of a saved one under /api/flows/:id/runs),
// list and read them, stream their events, answer people, control, fork, export and import.
// One file per concern in runs/; each route is a createRoute definition validated with the
// same zod schemas the OpenAPI document is generated from. Handlers throw; the app's error
// handler answers (http/errors.ts).
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Engine } from "../../engine/engine.js";
import type { SseHub } from "../sse.js";
import { answerRoutes } from "./runs/answer.js";
import { approvalRoutes } from "./runs/approve.js";
import { budgetRoutes } from "./runs/budget.js";
import { claimRoutes } from "./runs/claim.js";
import { controlRoutes } from "./runs/control.js";
import { exchangeRoutes } from "./runs/exchange.js";
import { forkRoutes } from "./runs/fork.js";
import { readRoutes } from "./runs/read.js";
import { startRoutes } from "./runs/start.js";

export { flowRunRoutes } from "./runs/start.js";

export interface RunsDeps {
  engine: Engine;
  sse: SseHub;
}

export function runsRoutes({ engine, sse }: RunsDeps) {
  return new OpenAPIHono()
    .route("/", startRoutes(engine))
    .route("/", exchangeRoutes(engine))
    .route("/", readRoutes({ engine, sse }))
    .route("/", answerRoutes(engine))
    .route("/", approvalRoutes(engine))
    .route("/", budgetRoutes(engine))
    .route("/", claimRoutes(engine))
    .route("/", controlRoutes(engine))
    .route("/", forkRoutes(engine));
}
