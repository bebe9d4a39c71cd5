// How the evaluation pages put numbers and scores in words: shares, signed differences, previews.
import type { CaseResult, Expected, ScorerKind } from "@tandem/shared";

export const SCORER_LABEL: Record<ScorerKind, string> = {
  exact: "Exact output",
  contains: "Contains",
  regex: "Regex",
  schema: "JSON schema",
  outcome: "Outcome",
  steps: "Step limit",
  tokens: "Token limit",
  judge: "Judge",
};

/** How a case's run ended; "stuck": it waited for a person no recording or simulation answered. */
export const CASE_STATUS_LABEL: Record<CaseResult["status"], string> = {
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
  stuck: "Stuck on a person",
};

/** "2 of 3 (67%)"; "0 of 0" when nothing applied. */
export function share(passed: number, of: number): string {
  return of === 0 ? "0 of 0" : `${passed} of ${of} (${Math.round((passed / of) * 100)}%)`;
}

/** A score in one word: passed, failed, or did not apply to the case. */
export function scoreWord(pass: boolean | null): "pass" | "fail" | "n.a." {
  return pass === null ? "n.a." : pass ? "pass" : "fail";
}

/** "+12", "−3" (a real minus), "0". */
export function signed(n: number): string {
  if (n === 0) return "0";
  return n > 0 ? `+${n.toLocaleString("en")}` : `−${(-n).toLocaleString("en")}`;
}

/** The text on one line, cut to `max` characters with an ellipsis. */
export function preview(text: string, max = 80): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** What a case expects, one phrase per part: "outcome approve", "output “Done.”", "contains tea", "regex /^ok/", "fits the schema". */
export function expectedPhrases(expected: Expected): string[] {
  return [
    ...(expected.outcome !== undefined ? [`outcome ${expected.outcome}`] : []),
    ...(expected.output !== undefined ? [`output “${preview(expected.output, 40)}”`] : []),
    ...(expected.contains !== undefined ? [`contains “${preview(expected.contains, 40)}”`] : []),
    ...(expected.regex !== undefined ? [`regex /${expected.regex}/`] : []),
    ...(expected.schema !== undefined ? ["fits the schema"] : []),
  ];
}
