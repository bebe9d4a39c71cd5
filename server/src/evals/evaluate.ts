// An evaluation: a dataset run against one flow version case by case, each case scored, the
// report stored. It runs in the background of the process that started it, giving other work
// a turn between cases; the request is checked against what is stored before it starts.
import { summarize, scoreCase, type CaseResult, type EvaluationRequest, type EvaluationSummary, type Flow, type Verdict } from "@tandem/shared";
import type { ProviderRegistry } from "../providers/registry.js";
import type { DatasetStore, StoredCase } from "../store/datasets.js";
import type { EvaluationStore } from "../store/evaluations.js";
import type { FlowStore } from "../store/flows.js";
import { judgeVerdict } from "./judge-scorer.js";
import { runCase } from "./run-case.js";
import { OFFLINE_MODEL } from "./structured-call.js";

export interface EvaluationDeps {
  datasets: DatasetStore;
  evaluations: EvaluationStore;
  flows: Pick<FlowStore, "get">;
  /** The configured models: live runs, the simulated person, the judge. */
  registry: ProviderRegistry;
}

/** A request that names what is not there or cannot be used; `field` is its path in the request. */
export class EvaluationRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "EvaluationRequestError";
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkModel(registry: ProviderRegistry, field: string, ref: string | undefined): void {
  if (ref === undefined) return;
  try {
    registry.resolve(ref);
  } catch (e) {
    throw new EvaluationRequestError(field, (e as Error).message);
  }
}

/** The dataset, the flow version and the models the request names, or EvaluationRequestError. */
async function prepare(deps: EvaluationDeps, request: EvaluationRequest) {
  const dataset = await deps.datasets.get(request.datasetId);
  if (!dataset || dataset.id !== request.datasetId) throw new EvaluationRequestError("datasetId", `no dataset "${request.datasetId}"`);
  if (!(await deps.flows.get(request.flowId))) throw new EvaluationRequestError("flowId", `no flow "${request.flowId}"`);
  const record = await deps.flows.get(request.flowId, request.version);
  if (!record) throw new EvaluationRequestError("version", `flow "${request.flowId}" has no version ${request.version}`);
  if (!record.valid) {
    throw new EvaluationRequestError("version", `version ${request.version} cannot run: ${record.problems.find((p) => p.severity === "error")?.message ?? "it has errors"}`);
  }
  if (request.models.kind === "live") checkModel(deps.registry, "models.model", request.models.model);
  if (request.people.kind === "simulated") checkModel(deps.registry, "people.model", request.people.model);
  request.scorers.forEach((s, i) => s.kind === "judge" && checkModel(deps.registry, `scorers[${i}].model`, s.model));
  return { dataset, record };
}

/** One case run and scored. */
async function evaluateCase(flow: Flow, c: StoredCase, request: EvaluationRequest, registry: ProviderRegistry): Promise<CaseResult> {
  const run = await runCase(flow, c, request, registry);
  const scores = [];
  for (const scorer of request.scorers) {
    let verdict: Verdict | undefined;
    if (scorer.kind === "judge" && run.output.trim()) {
      verdict = await judgeVerdict(registry, scorer.model ?? OFFLINE_MODEL, scorer.rubric, c.input, run.output).catch((e: Error) => ({
        pass: false,
        reason: `the judge failed: ${e.message}`,
      }));
    }
    scores.push(scoreCase(scorer, run, c.expected, verdict));
  }
  return { caseId: c.id, input: c.input, ...run, scores };
}

/** Stores the evaluation as running and runs it in the background; `done` settles once it is stored as done or failed. */
export async function startEvaluation(deps: EvaluationDeps, request: EvaluationRequest): Promise<{ summary: EvaluationSummary; done: Promise<void> }> {
  const { dataset, record } = await prepare(deps, request);
  const cases = await deps.datasets.cases(dataset.id);
  const summary = await deps.evaluations.create({ request, datasetName: dataset.name, flowName: record.name, cases: cases.length });
  const done = (async () => {
    const results: CaseResult[] = [];
    for (const c of cases) {
      await turn();
      results.push(await evaluateCase(record.flow, c, request, deps.registry));
    }
    await deps.evaluations.finish(summary.id, results, summarize(results, request.scorers, request.threshold ?? null));
  })().catch((e: Error) => deps.evaluations.fail(summary.id, e.message));
  return { summary, done };
}
