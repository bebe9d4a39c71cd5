// A person's decision on a tool call waiting for approval, over HTTP: taken exactly once, and a
// retry with the same Idempotency-Key gets the same decision back.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { ApprovalAccepted, ApprovalRequest } from "@tandem/shared";
import type { Engine } from "../../../engine/engine.js";
import { covers, exactly } from "../../contract.js";
import { body, errorResponses, json, pathParam } from "../../schemas.js";
import { answererOf } from "./answerer.js";
import { IdempotencyHeaders, RunEventSchema } from "./schemas.js";

const ApprovalBody = exactly<ApprovalRequest>()(
  z
    .object({
      decision: z.enum(["approve", "reject"]),
      arguments: z.unknown().optional().openapi({ description: "Approve with these arguments instead (checked against the tool's schema)" }),
      reason: z.string().max(2000).optional().openapi({ description: "Why it is rejected: the agent's model is told" }),
      result: z.string().max(100_000).optional().openapi({ description: "Reject and give this to the agent as the tool's result" }),
      by: z.string().trim().min(1).max(100).optional().openapi({ description: 'Who decides (default "someone (HTTP)")' }),
    })
    .strict()
    .openapi("ApprovalDecision"),
);

export const ApprovalAcceptedSchema = covers<ApprovalAccepted>()(z.object({ accepted: z.literal(true), event: RunEventSchema }));

const route = createRoute({
  method: "post",
  path: "/{id}/approvals/{requestId}",
  summary: "A person's decision on a tool call waiting for approval (taken exactly once)",
  description:
    "Approve (optionally with changed arguments), or reject with a reason, or reject giving the result the agent gets instead. " +
    "200 for the one decision taken; 409 when the request was decided already or the run is not waiting for it; " +
    "a retry with the Idempotency-Key of the decision that was taken gets that 200 again, with the same event. " +
    "403 `not_assignee` when the tool's approvers are others (an admin may decide, recorded as such).",
  request: {
    params: z.object({ id: pathParam("id"), requestId: pathParam("requestId") }),
    headers: IdempotencyHeaders,
    body: body(ApprovalBody),
  },
  responses: {
    200: json(ApprovalAcceptedSchema, "Taken: the tool.approved or tool.rejected event"),
    ...errorResponses(400, 403, 404, 409, 413, 415, 422),
  },
});

export function approvalRoutes(engine: Engine) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const { id, requestId } = c.req.valid("param");
    const { by, ...decision } = c.req.valid("json");
    const event = await engine.decide(id, requestId, decision, answererOf(c, by), c.req.valid("header")["idempotency-key"]);
    return c.json({ accepted: true as const, event }, 200);
  });
}
