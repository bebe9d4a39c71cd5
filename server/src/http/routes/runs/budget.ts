// A person's decision on a run that stopped at its budget, over HTTP: raise the budget or stop
// the run. Taken exactly once, as approvals are; a retry with the same Idempotency-Key gets the
// same decision back.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { BudgetAnswerRequest } from "@tandem/shared";
import type { Engine } from "../../../engine/engine.js";
import { exactly } from "../../contract.js";
import { body, errorResponses, json, pathParam } from "../../schemas.js";
import { answererOf } from "./answerer.js";
import { ApprovalAcceptedSchema } from "./approve.js";
import { IdempotencyHeaders } from "./schemas.js";

const BudgetBody = exactly<BudgetAnswerRequest>()(
  z
    .object({
      decision: z.enum(["raise", "stop"]),
      budgetUsd: z.number().positive().max(1_000_000).optional().openapi({ description: 'On "raise": the new budget in US dollars, more than the run has spent' }),
      by: z.string().trim().min(1).max(100).optional().openapi({ description: 'Who decides (default "someone (HTTP)")' }),
    })
    .strict()
    .openapi("BudgetDecision"),
);

const route = createRoute({
  method: "post",
  path: "/{id}/budget/{requestId}",
  summary: "A person's decision on a run at its budget: raise it, or stop the run (taken exactly once)",
  description:
    'Raise with `budgetUsd` (more than the run has spent): the agent makes the call it stopped before. Stop: the run finishes "cancelled" ' +
    "with error code `budget`. Who may decide is who may answer the run's questions. 200 for the one decision taken; 409 when it was decided " +
    "already or the run is not waiting for it; a retry with the Idempotency-Key of the decision that was taken gets that 200 again, with the same event. " +
    "422 naming the field (`decision`, `budgetUsd`).",
  request: {
    params: z.object({ id: pathParam("id"), requestId: pathParam("requestId") }),
    headers: IdempotencyHeaders,
    body: body(BudgetBody),
  },
  responses: {
    200: json(ApprovalAcceptedSchema, "Taken: the budget.decided event"),
    ...errorResponses(400, 403, 404, 409, 413, 415, 422),
  },
});

export function budgetRoutes(engine: Engine) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const { id, requestId } = c.req.valid("param");
    const { by, ...decision } = c.req.valid("json");
    const event = await engine.decideBudget(id, requestId, decision, answererOf(c, by), c.req.valid("header")["idempotency-key"]);
    return c.json({ accepted: true as const, event }, 200);
  });
}
