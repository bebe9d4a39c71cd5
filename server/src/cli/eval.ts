// `tandem eval <dataset> --flow <flowId>@<version>`: evaluates a dataset against a flow version
// in this process, on the data directory, prints the per-case table and the per-scorer
// summary (with two --flow, the case-by-case comparison too) and exits 1 when a scorer falls
// under --threshold, so that a flow can be checked in CI.
import { compareEvaluations, type Evaluation, type EvaluationComparison, type EvaluationRequest, type ModelSource, type PeopleSource, type Scorer } from "@tandem/shared";
import { EvaluationRequestError, startEvaluation } from "../evals/evaluate.js";
import { openRuntime } from "../runtime.js";
import { parse, UsageError } from "./args.js";

const DEFAULT_SCORERS: Scorer[] = [{ kind: "exact" }, { kind: "contains" }, { kind: "regex" }, { kind: "schema" }, { kind: "outcome" }];

function flowFlag(value: string): { flowId: string; version: number } {
  const m = /^(.+)@(\d+)$/.exec(value);
  if (!m || Number(m[2]) < 1) throw new UsageError(`--flow: expected <flowId>@<version>, got "${value}"`);
  return { flowId: m[1]!, version: Number(m[2]) };
}

function modelsFlag(value = "recorded"): ModelSource {
  if (value === "recorded") return { kind: "recorded" };
  const m = /^live(?::(.+))?$/.exec(value);
  if (!m) throw new UsageError(`--models: expected recorded, live or live:<provider/model>, got "${value}"`);
  return m[1] ? { kind: "live", model: m[1] } : { kind: "live" };
}

function peopleFlag(value = "recorded"): PeopleSource {
  if (value === "recorded") return { kind: "recorded" };
  const m = /^simulated:(.+)$/s.exec(value);
  if (!m || !m[1]!.trim()) throw new UsageError(`--people: expected recorded or simulated:"<instructions>", got "${value}"`);
  return { kind: "simulated", instructions: m[1]!.trim() };
}

function scorerFlag(value: string): Scorer {
  const [kind, ...rest] = value.split(":");
  const arg = rest.join(":");
  if ((kind === "exact" || kind === "contains" || kind === "regex" || kind === "schema" || kind === "outcome") && !arg) return { kind };
  if ((kind === "steps" || kind === "tokens") && /^\d+$/.test(arg)) return { kind, max: Number(arg) };
  if (kind === "judge" && arg.trim()) return { kind, rubric: arg.trim() };
  throw new UsageError(`--scorer: expected exact, contains, regex, schema, outcome, steps:<max>, tokens:<max> or judge:"<rubric>", got "${value}"`);
}

function thresholdFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0 && n <= 1)) throw new UsageError(`--threshold: expected a share from 0 to 1, got "${value}"`);
  return n;
}

/** The flag a field of the request came from. */
const FLAG_OF: [RegExp, string][] = [
  [/^datasetId$/, "<dataset>"],
  [/^(flowId|version)$/, "--flow"],
  [/^models/, "--models"],
  [/^people/, "--people"],
  [/^scorers/, "--scorer"],
];

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

const mark = (pass: boolean | null) => (pass === null ? "–" : pass ? "✓" : "✗");
const pct = (passed: number, of: number) => (of === 0 ? "n/a" : `${passed}/${of} (${Math.round((passed / of) * 100)}%)`);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function report(e: Evaluation): string {
  const rows = e.results.map((r) => [
    r.caseId,
    r.status,
    r.outcome ?? "",
    String(r.steps),
    String(r.tokens),
    String(r.simulatedAnswers),
    r.scores.map((s) => `${s.kind} ${mark(s.pass)}`).join(" "),
    r.error ?? "",
  ]);
  const scorers = e.byScorer.map((s) => [s.kind, pct(s.passed, s.applied)]);
  const verdict = e.threshold === null ? "" : ` · threshold ${e.threshold}: ${e.meetsThreshold ? "met" : "missed"}`;
  return [
    `dataset "${e.datasetName}" · flow "${e.flowName}" version ${e.version} · ${e.cases} cases`,
    table(["CASE", "STATUS", "OUTCOME", "STEPS", "TOKENS", "SIMULATED", "SCORES", "ERROR"], rows),
    "",
    table(["SCORER", "PASSED"], scorers),
    `passed ${pct(e.passed, e.cases)} cases · ${e.tokens} tokens${verdict}`,
  ].join("\n");
}

function comparison(c: EvaluationComparison): string {
  const rows = c.cases.map(({ caseId, a, b, changed }) => [
    caseId,
    changed.outcome ? `${a?.outcome ?? "none"} → ${b?.outcome ?? "none"}` : (a?.outcome ?? ""),
    changed.pass ? "changed" : "",
    signed(changed.tokens),
    signed(changed.length),
  ]);
  const changedCount = c.cases.filter((x) => x.changed.outcome || x.changed.pass).length;
  return [
    `version ${c.a.version} → version ${c.b.version}: ${changedCount} of ${c.cases.length} cases changed outcome or pass`,
    table(["CASE", "OUTCOME", "PASS", "TOKENS", "LENGTH"], rows),
  ].join("\n");
}

/** tandem eval <dataset id or name> --flow <flowId>@<version> [--flow …] [--models …] [--people …] [--scorer …] [--threshold 0.9] [--json] */
export async function evalCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      flow: { type: "string", multiple: true },
      models: { type: "string" },
      people: { type: "string" },
      scorer: { type: "string", multiple: true },
      threshold: { type: "string" },
      json: { type: "boolean" },
    },
    1,
  );
  if (!positionals[0]) throw new UsageError("<dataset>: name the dataset to evaluate (its id or name)");
  const flows = (values.flow ?? []).map(flowFlag);
  if (flows.length === 0 || flows.length > 2) throw new UsageError("--flow: give one <flowId>@<version>, or two to compare");
  const shared = {
    models: modelsFlag(values.models),
    people: peopleFlag(values.people),
    scorers: values.scorer?.map(scorerFlag) ?? DEFAULT_SCORERS,
    threshold: thresholdFlag(values.threshold),
  };
  const runtime = await openRuntime();
  try {
    const dataset = await runtime.datasets.get(positionals[0]);
    if (!dataset) throw new UsageError(`<dataset>: no dataset with the id or name "${positionals[0]}"`);
    const evaluations: Evaluation[] = [];
    for (const flow of flows) {
      const request: EvaluationRequest = { datasetId: dataset.id, ...flow, ...shared };
      let started;
      try {
        started = await startEvaluation({ ...runtime }, request);
      } catch (e) {
        if (!(e instanceof EvaluationRequestError)) throw e;
        const flag = FLAG_OF.find(([field]) => field.test(e.field))?.[1] ?? e.field;
        throw new UsageError(`${flag}: ${e.message.slice(e.field.length + 2)}`);
      }
      await started.done;
      const done = (await runtime.evaluations.get(started.summary.id))!;
      if (done.status === "failed") throw new Error(`the evaluation failed: ${done.error}`);
      evaluations.push(done);
    }
    const compared = evaluations.length === 2 ? compareEvaluations(evaluations[0]!, evaluations[1]!) : undefined;
    if (values.json) console.log(JSON.stringify({ evaluations, ...(compared ? { comparison: compared } : {}) }, null, 2));
    else console.log([...evaluations.map(report), ...(compared ? [comparison(compared)] : [])].join("\n\n"));
    return evaluations.every((e) => e.meetsThreshold) ? 0 : 1;
  } finally {
    await runtime.close();
  }
}
