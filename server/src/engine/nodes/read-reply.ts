// Has the judge read the node's reply and records its decision as reply.read: from then on the
// decision is the run's (restarts, replays and forks use it and call nothing).
import type { NodeContext } from "../context.js";
import type { JudgedNode } from "../deps.js";
import { replyOf } from "../reply-step.js";

export async function readReply(ctx: NodeContext, node: JudgedNode): Promise<void> {
  const { state } = ctx;
  const text = replyOf(state, node.id) ?? "";
  // What the reply answers: the last assistant message before it (the draft a reviewer read).
  const reviewed = state.messages.findLast((m, i) => m.role === "assistant" && i < state.messages.length - 1)?.content;
  const decision = await ctx.judge({ node, text, reviewed }, ctx);
  ctx.log.emit({ type: "reply.read", nodeId: node.id, text, ...decision });
}
