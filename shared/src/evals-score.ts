// Scoring an evaluated case (each scorer's pass or fail on the run's final output, outcome,
// steps and tokens) and the per-scorer summary of a report. Pure: a judge's verdict is reached
// by a model call elsewhere and handed in.
import type { CaseResult, EvaluationSummary, Expected, Score, Scorer } from "./evals.js";
import { readStructured } from "./output-schema.js";

/** What the scorers look at in an evaluated run. */
export type ScoredRun = Pick<CaseResult, "status" | "output" | "outcome" | "steps" | "tokens">;

/** A judge model's verdict on a case, against the scorer's rubric. */
export interface Verdict {
  pass: boolean;
  reason: string;
}

const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max)}…` : text);
const notApplicable = (kind: Score["kind"], detail: string): Score => ({ kind, pass: null, detail });

/** One scorer on one case; pass null when the case expects nothing this scorer checks. */
export function scoreCase(scorer: Scorer, run: ScoredRun, expected: Expected, verdict?: Verdict): Score {
  const { kind } = scorer;
  const output = run.output.trim();
  switch (scorer.kind) {
    case "exact":
      if (expected.output === undefined) return notApplicable(kind, "no expected output");
      return output === expected.output.trim()
        ? { kind, pass: true }
        : { kind, pass: false, detail: `expected "${clip(expected.output.trim())}", got "${clip(output)}"` };
    case "contains":
      if (expected.contains === undefined) return notApplicable(kind, "no expected text");
      return run.output.includes(expected.contains) ? { kind, pass: true } : { kind, pass: false, detail: `"${clip(expected.contains)}" is not in the output` };
    case "regex": {
      if (expected.regex === undefined) return notApplicable(kind, "no expected pattern");
      const problem = regexProblem(expected.regex);
      if (problem) return { kind, pass: false, detail: problem };
      return new RegExp(expected.regex).test(run.output) ? { kind, pass: true } : { kind, pass: false, detail: `the output does not match /${clip(expected.regex)}/` };
    }
    case "schema": {
      if (expected.schema === undefined) return notApplicable(kind, "no expected schema");
      const read = readStructured(expected.schema, output);
      return read.ok ? { kind, pass: true } : { kind, pass: false, detail: read.problems.slice(0, 3).join("; ") };
    }
    case "outcome":
      if (expected.outcome === undefined) return notApplicable(kind, "no expected outcome");
      return run.outcome === expected.outcome
        ? { kind, pass: true }
        : { kind, pass: false, detail: `expected "${expected.outcome}", reached ${run.outcome === null ? "no outcome" : `"${run.outcome}"`}` };
    case "steps":
      return { kind, pass: run.steps <= scorer.max, detail: `${run.steps} steps (at most ${scorer.max})` };
    case "tokens":
      return { kind, pass: run.tokens <= scorer.max, detail: `${run.tokens} tokens (at most ${scorer.max})` };
    case "judge":
      return verdict ? { kind, pass: verdict.pass, detail: verdict.reason } : notApplicable(kind, "not judged: the run gave no output");
  }
}

/** Why a pattern cannot be used, or undefined when it compiles. */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (e) {
    return `the pattern does not compile: ${(e as Error).message}`;
  }
}

/** A case passes when its run completed and every score that applies to it passed. */
export function casePassed(result: Pick<CaseResult, "status" | "scores">): boolean {
  return result.status === "completed" && result.scores.every((s) => s.pass !== false);
}

/** The report's figures: cases passed, per scorer passed of applied, tokens, cost, and whether each scorer met the threshold. */
export function summarize(
  results: readonly CaseResult[],
  scorers: readonly Scorer[],
  threshold: number | null,
): Pick<EvaluationSummary, "cases" | "passed" | "byScorer" | "tokens" | "costUsd" | "meetsThreshold"> {
  const byScorer = scorers.map((scorer, i) => {
    const applied = results.filter((r) => r.scores[i]?.pass != null);
    return { kind: scorer.kind, passed: applied.filter((r) => r.scores[i]!.pass).length, applied: applied.length };
  });
  return {
    cases: results.length,
    passed: results.filter(casePassed).length,
    byScorer,
    tokens: results.reduce((sum, r) => sum + r.tokens, 0),
    costUsd: results.reduce((sum, r) => sum + r.costUsd, 0),
    // A scorer that applied to no case has nothing to fall short of.
    meetsThreshold: threshold === null || byScorer.every((s) => s.applied === 0 || s.passed / s.applied >= threshold),
  };
}
