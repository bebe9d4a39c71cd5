// The judge decides which of its node's outcomes a reply means: the offline classifier when the
// judge model is the scripted one, else one structured-output call to the model. A judge that
// is unsure or fails reads no outcome (and says why): the run then asks a person, never guesses.
import { readOffline, type AgentNode, type Flow } from "@tandem/shared";
import type { Judge, JudgedNode } from "./deps.js";
import { readAnswer, readingOutput, readingPrompt } from "./judge-prompt.js";
import { callCost } from "./cost.js";
import { callModel, ModelCallError } from "./model-call.js";

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
    const cost = callCost(ctx.registry, ref!, resolved, reply);
    return { ...reading, judge: ref!, confidence: reading.outcome === null ? 0 : 1, usage: reply.usage, ...cost, latencyMs: ctx.now() - started };
  } catch (e) {
    if (!(e instanceof ModelCallError)) throw e;
    return { outcome: null, reason: `the judge model failed: ${e.message}`, judge: ref!, confidence: 0, latencyMs: ctx.now() - started };
  }
};
