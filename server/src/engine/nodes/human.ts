// A human node asks its question; the run then waits (see Run) until a person answers, or the
// node's deadline or escalation chain (see escalate.ts) decides for them.
import { escalationDeadline, isAssigned, type HumanNode, type RunProblem } from "@tandem/shared";
import type { NodeContext } from "../context.js";

/** Asks the node's question; `problem` when the run came here on an error or stuck edge (see fallback.ts). */
export async function askHuman(ctx: NodeContext, node: HumanNode, problem?: RunProblem): Promise<void> {
  const { timeoutSeconds, defaultOutcome, escalation, assignees, quorum } = node.data;
  // One clock reading: the deadline is exactly the timeout (or the chain's default step) after the request's own time.
  const at = ctx.now();
  const deadline = timeoutSeconds !== undefined ? at + timeoutSeconds * 1000 : escalationDeadline(escalation, at);
  const request = {
    type: "human.requested",
    nodeId: node.id,
    requestId: ctx.newId(),
    instructions: node.data.instructions,
    outcomes: node.data.outcomes,
    allowText: node.data.allowText,
    allowEdit: node.data.allowEdit,
    ...(deadline !== undefined ? { deadline, defaultOutcome } : {}),
    // Who may answer, as it stands when asked (escalation may reassign it later).
    ...(isAssigned(assignees) ? { assignees } : {}),
    ...(quorum ? { quorum } : {}),
    ...(problem ? { problem } : {}),
  } as const;
  ctx.log.emit(request, at);
  // Durable before anyone is told: a restart asks the same question with the same id.
  await ctx.log.flush();
}
