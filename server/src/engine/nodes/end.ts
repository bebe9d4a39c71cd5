import type { EndNode } from "@tandem/shared";
import type { NodeContext } from "../context.js";

/**
 * The end node finishes the run. Its output is the last agent message (the draft a reviewer
 * approved, not the "approve"), or the last message when no agent spoke.
 */
export function runEnd(ctx: NodeContext, _node: EndNode): void {
  const messages = ctx.state.messages;
  const last = messages.findLast((m) => m.role === "assistant") ?? messages[messages.length - 1];
  ctx.log.emit({ type: "run.finished", status: "completed", output: last?.content ?? "" });
}
