// Two evaluations of one dataset side by side, case by case: which cases changed outcome or
// pass/fail, and how their tokens and output length moved (b minus a).
import type { CaseResult, Evaluation, EvaluationComparison } from "./evals.js";
import { casePassed } from "./evals-score.js";

const summaryOf = ({ request: _request, results: _results, ...summary }: Evaluation) => summary;

/** The caller checks that both evaluated the same dataset. Cases keep a's order; b's others follow. */
export function compareEvaluations(a: Evaluation, b: Evaluation): EvaluationComparison {
  const inB = new Map(b.results.map((r) => [r.caseId, r]));
  const inA = new Set(a.results.map((r) => r.caseId));
  const pairs: [CaseResult | null, CaseResult | null][] = [
    ...a.results.map((r): [CaseResult, CaseResult | null] => [r, inB.get(r.caseId) ?? null]),
    ...b.results.filter((r) => !inA.has(r.caseId)).map((r): [null, CaseResult] => [null, r]),
  ];
  return {
    a: summaryOf(a),
    b: summaryOf(b),
    cases: pairs.map(([x, y]) => {
      const one = (x ?? y)!;
      return {
        caseId: one.caseId,
        input: one.input,
        a: x,
        b: y,
        changed: {
          outcome: x?.outcome !== y?.outcome,
          pass: (x !== null && casePassed(x)) !== (y !== null && casePassed(y)),
          tokens: (y?.tokens ?? 0) - (x?.tokens ?? 0),
          length: (y?.output.length ?? 0) - (x?.output.length ?? 0),
        },
      };
    }),
  };
}
