// Two evaluations side by side: which cases changed and how, changed ones first.
import type { CaseResult, EvaluationComparison } from "@tandem/shared";
import { signed } from "./format.js";

export type CompareRow = EvaluationComparison["cases"][number];

/** The case went differently: another outcome, another pass, other tokens or another output length
 *  (or it is in one evaluation only). */
export function isChanged(row: CompareRow): boolean {
  const c = row.changed;
  return !row.a || !row.b || c.outcome || c.pass || c.tokens !== 0 || c.length !== 0;
}

/** Changed cases first, each group in the dataset's order; only the changed ones with `changedOnly`. */
export function orderRows(rows: readonly CompareRow[], changedOnly: boolean): CompareRow[] {
  const changed = rows.filter(isChanged);
  return changedOnly ? changed : [...changed, ...rows.filter((r) => !isChanged(r))];
}

/** What changed, in words: "outcome changed", "pass changed", "tokens +12", "length −40". */
export function changeMarks(row: CompareRow): string[] {
  if (!row.a) return ["only in B"];
  if (!row.b) return ["only in A"];
  const c = row.changed;
  return [
    ...(c.outcome ? ["outcome changed"] : []),
    ...(c.pass ? ["pass changed"] : []),
    ...(c.tokens !== 0 ? [`tokens ${signed(c.tokens)}`] : []),
    ...(c.length !== 0 ? [`length ${signed(c.length)}`] : []),
  ];
}

/** A case passed when none of its applicable scores failed (as the summary counts it). */
export const casePassed = (result: CaseResult): boolean => result.scores.every((s) => s.pass !== false);
