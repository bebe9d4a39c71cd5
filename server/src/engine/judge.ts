// The judge decides which of its node's outcomes a reply means: the offline classifier when the
// judge model is the scripted one, else one structured-output call to the model. A judge that
// is unsure or fails reads no outcome (and says why): the run then asks a person, never guesses.
import { readOffline, type AgentNode, type Flow, type HumanNode, type RunEventBody } from "@tandem/shared";
import type { NodeContext } from "./context.js";
import { readAnswer, readingOutput, readingPrompt } from "./judge-prompt.js";
import { callModel, ModelCallError } from "./model-call.js";

export type JudgedNode = AgentNode | HumanNode;

/** A reply to read: the node's, with the message it answers (the last assistant message before it). */
export interface JudgeAsk {
  node: JudgedNode;
  text: string;
  reviewed?: string;
}

/** The judge's decision, as reply.read records it. */
export type Decision = Omit<Extract<RunEventBody, { type: "reply.read" }>, "type" | "nodeId" | "text">;

export type Judge = (ask: JudgeAsk, ctx: Pick<NodeContext, "state" | "registry" | "retry" | "now" | "signal">) => Promise<Decision>;

/** The node's judgeModel, else an agent's own model, else the model of the flow's first agent. */
export function judgeModelOf(flow: Flow, node: JudgedNode): string | undefined {
  const own = node.type === "human" ? node.data.judgeModel : node.data.model;
  return own || flow.nodes.find((n): n is AgentNode => n.type === "agent")?.data.model || undefined;
}

/** The judge a live run uses. */
export const liveJudge: Judge = async ({ node, text, reviewed }, ctx) => {
  const started = ctx.now();
  const outcomes = node.data.outcomes ?? [];
  const ref = judgeModelOf(ctx.state.flow, node);
  let resolved;
  try {
    resolved = ref === undefined ? undefined : ctx.registry.resolve(ref);
  } catch (e) {
    return { outcome: null, reason: `the judge model cannot be used: ${(e as Error).message}`, judge: ref!, confidence: 0, latencyMs: ctx.now() - started };
  }
  if (!resolved || resolved.provider.id === "scripted") {
    const { outcome, reason, confidence } = readOffline(text, outcomes);
    return { outcome, reason, judge: "offline", confidence, latencyMs: ctx.now() - started };
  }
  const request = {
    model: resolved.model,
    system: readingPrompt(outcomes, text, reviewed),
    speaker: "judge",
    transcript: [],
    temperature: 0,
    nodeId: node.id,
    visit: 0,
    output: readingOutput(outcomes),
  };
  try {
    const reply = await callModel(ctx, resolved.provider, request);
    const reading = readAnswer(reply.content, outcomes);
    return { ...reading, judge: ref!, confidence: reading.outcome === null ? 0 : 1, usage: reply.usage, latencyMs: ctx.now() - started };
  } catch (e) {
    if (!(e instanceof ModelCallError)) throw e;
    return { outcome: null, reason: `the judge model failed: ${e.message}`, judge: ref!, confidence: 0, latencyMs: ctx.now() - started };
  }
};
