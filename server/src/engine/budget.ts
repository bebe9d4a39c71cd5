// A run's budget. Before an agent's model call, a run that has spent its budget stops to ask a
// person (budget.reached) instead of calling; what they decide is budget-decision.ts.
import type { AgentNode } from "@tandem/shared";
import type { NodeContext } from "./context.js";

/** True when the run has spent its budget: budget.reached is recorded (stored before anyone is told) and the node returns to wait. */
export async function stopsAtBudget(ctx: NodeContext, node: AgentNode): Promise<boolean> {
  const { state } = ctx;
  if (state.budgetUsd === undefined || state.costUsd < state.budgetUsd) return false;
  ctx.log.emit({ type: "budget.reached", nodeId: node.id, requestId: ctx.newId(), spentUsd: state.costUsd, budgetUsd: state.budgetUsd });
  await ctx.log.flush();
  return true;
}
