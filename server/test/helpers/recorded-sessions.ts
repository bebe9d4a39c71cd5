// Past sessions to evaluate: runs of a saved flow through the engine with the scripted model,
// each person asking for one revision, then approving, stored in the runtime's data; and their evaluation.
import type { Evaluation, EvaluationRequest } from "@tandem/shared";
import { checkFlowDocument } from "../../src/engine/checked-flow.js";
import { startEvaluation, type EvaluationDeps } from "../../src/evals/evaluate.js";
import type { Runtime } from "../../src/runtime.js";

export const REVISION = "Shorter, please.";

/** Runs the flow's latest version once per input, answering each question as it comes; the run ids. */
export async function recordSessions(runtime: Pick<Runtime, "engine" | "flows">, flowId: string, inputs: readonly string[]): Promise<string[]> {
  const record = (await runtime.flows.get(flowId))!;
  const ids: string[] = [];
  for (const input of inputs) {
    const run = await runtime.engine.start(checkFlowDocument(record.flow), input, { flowId, flowVersion: record.version });
    let asked = 0;
    run.subscribe((e) => {
      if (e.type !== "human.requested") return;
      asked++;
      void run.answer(e.requestId, asked === 1 ? { outcome: "revise", text: REVISION } : { outcome: "approve" }, "Ana");
    });
    const state = await run.done;
    if (state.status !== "completed") throw new Error(`the session "${input}" ended ${state.status}`);
    ids.push(run.id);
  }
  return ids;
}

/** Evaluates on recorded models and people (unless `request` says otherwise) and waits for the report. */
export async function evaluated(runtime: EvaluationDeps, request: Pick<EvaluationRequest, "datasetId" | "flowId" | "version" | "scorers"> & Partial<EvaluationRequest>): Promise<Evaluation> {
  const { summary, done } = startEvaluation(runtime, { models: { kind: "recorded" }, people: { kind: "recorded" }, ...request });
  await done;
  return (await runtime.evaluations.get(summary.id))!;
}
