// A human node asks its question; the run then waits (see Run) until a person answers.
import type { HumanNode } from "@tandem/shared";
import type { NodeContext } from "../context.js";

export function askHuman(ctx: NodeContext, node: HumanNode): void {
  const { timeoutSeconds, defaultOutcome, assignees } = node.data;
  // One clock reading: the deadline is exactly the timeout after the request's own time.
  const at = ctx.now();
  const request = {
    type: "human.requested",
    nodeId: node.id,
    requestId: ctx.newId(),
    instructions: node.data.instructions,
    outcomes: node.data.outcomes,
    allowText: node.data.allowText,
    allowEdit: node.data.allowEdit,
    ...(timeoutSeconds !== undefined ? { deadline: at + timeoutSeconds * 1000, defaultOutcome } : {}),
    ...(assignees ? { assignees } : {}),
  } as const;
  ctx.log.emit(request, at);
  // Durable before anyone is told: a restart asks the same question with the same id.
  ctx.log.flush();
}
