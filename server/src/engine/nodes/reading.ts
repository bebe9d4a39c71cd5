// Asks a person about the reading of a node's reply: to pick the outcome when the judge was not
// sure (no deadline: never routed on a guess), or to confirm or correct it, within the node's
// window (the deadline takes the reading) or, with confirmReadings, however long it takes.
import { nodeRun } from "@tandem/shared";
import type { NodeContext } from "../context.js";
import type { JudgedNode } from "../deps.js";
import { readingWindowMs } from "../reply-step.js";

export async function askAboutReading(ctx: NodeContext, node: JudgedNode): Promise<void> {
  const { outcome, reason } = nodeRun(ctx.state, node.id)!.reading!;
  const at = ctx.now();
  const window = node.type === "human" && !node.data.confirmReadings && outcome !== null ? readingWindowMs(node) : 0;
  ctx.log.emit(
    {
      type: "human.requested",
      nodeId: node.id,
      requestId: ctx.newId(),
      instructions:
        outcome === null
          ? `Not sure how to read this reply: ${reason}. Pick the outcome it means.`
          : `Read as "${outcome}": ${reason}. Confirm it, or pick the outcome it means.`,
      outcomes: node.data.outcomes ?? [],
      allowText: false,
      allowEdit: false,
      ...(outcome !== null ? { defaultOutcome: outcome } : {}),
      ...(window > 0 ? { deadline: at + window } : {}),
      reading: { outcome, reason },
    },
    at,
  );
  // Durable before anyone is told: a restart asks the same question with the same id.
  await ctx.log.flush();
}
