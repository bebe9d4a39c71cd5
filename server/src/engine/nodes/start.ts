import type { StartNode } from "@tandem/shared";
import type { NodeContext } from "../context.js";

/** The start node speaks the run's input as the first message. */
export function runStart(ctx: NodeContext, node: StartNode): void {
  ctx.log.emit({ type: "message", nodeId: node.id, role: "user", name: node.data.name, content: ctx.state.input });
}
