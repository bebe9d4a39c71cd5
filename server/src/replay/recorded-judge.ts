// The judge of a replay: gives back the recorded reply.read decisions, in order for each node,
// and calls nothing. A reading the recording does not have fails the replay, or (an evaluation
// of a changed flow) goes to the judge given instead.
import type { RunEvent } from "@tandem/shared";
import type { Decision, Judge } from "../engine/deps.js";

export function recordedJudge(recording: readonly RunEvent[], otherwise?: Judge): Judge {
  const decisions = new Map<string, Decision[]>();
  for (const e of recording) {
    if (e.type !== "reply.read") continue;
    const { type: _type, nodeId, text: _text, seq: _seq, at: _at, ...decision } = e;
    const list = decisions.get(nodeId) ?? [];
    list.push(decision);
    decisions.set(nodeId, list);
  }
  return async (ask, ctx) => {
    const { node } = ask;
    const decision = decisions.get(node.id)?.shift();
    if (!decision && otherwise) return otherwise(ask, ctx);
    if (!decision) throw new Error(`the recording has no reading of "${node.data.name}"'s reply`);
    return decision;
  };
}
