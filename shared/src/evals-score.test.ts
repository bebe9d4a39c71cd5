import { describe, expect, test } from "vitest";
import type { CaseResult, Evaluation } from "./evals.js";
import { compareEvaluations } from "./evals-compare.js";
import { casePassed, scoreCase, summarize, type ScoredRun } from "./evals-score.js";

const run: ScoredRun = { status: "completed", output: ' {"score": 7} ', outcome: "approve", steps: 3, tokens: 120 };

describe("each scorer", () => {
  test("exact compares the output without its outer spaces", () => {
    expect(scoreCase({ kind: "exact" }, run, { output: '{"score": 7}' }).pass).toBe(true);
    expect(scoreCase({ kind: "exact" }, run, { output: '{"score": 8}' })).toMatchObject({ pass: false, detail: expect.stringContaining('expected "{"score": 8}"') });
  });
  test("contains and regex look inside the output", () => {
    expect(scoreCase({ kind: "contains" }, run, { contains: "score" }).pass).toBe(true);
    expect(scoreCase({ kind: "contains" }, run, { contains: "Score" }).pass).toBe(false);
    expect(scoreCase({ kind: "regex" }, run, { regex: '"score": \\d+' }).pass).toBe(true);
    expect(scoreCase({ kind: "regex" }, run, { regex: "^nothing$" }).pass).toBe(false);
    expect(scoreCase({ kind: "regex" }, run, { regex: "(" })).toMatchObject({ pass: false, detail: expect.stringContaining("does not compile") });
  });
  test("schema parses the output as JSON and checks it", () => {
    const schema = { type: "object", properties: { score: { type: "integer", maximum: 10 } }, required: ["score"] };
    expect(scoreCase({ kind: "schema" }, run, { schema }).pass).toBe(true);
    expect(scoreCase({ kind: "schema" }, run, { schema: { ...schema, properties: { score: { type: "integer", maximum: 5 } } } }).pass).toBe(false);
    expect(scoreCase({ kind: "schema" }, { ...run, output: "not json" }, { schema })).toMatchObject({ pass: false, detail: "the reply is not JSON" });
  });
  test("outcome compares the outcome reached", () => {
    expect(scoreCase({ kind: "outcome" }, run, { outcome: "approve" }).pass).toBe(true);
    expect(scoreCase({ kind: "outcome" }, { ...run, outcome: null }, { outcome: "approve" })).toMatchObject({ pass: false, detail: 'expected "approve", reached no outcome' });
  });
  test("steps and tokens pass at the maximum and fail past it", () => {
    expect(scoreCase({ kind: "steps", max: 3 }, run, {}).pass).toBe(true);
    expect(scoreCase({ kind: "steps", max: 2 }, run, {}).pass).toBe(false);
    expect(scoreCase({ kind: "tokens", max: 120 }, run, {}).pass).toBe(true);
    expect(scoreCase({ kind: "tokens", max: 119 }, run, {})).toMatchObject({ pass: false, detail: "120 tokens (at most 119)" });
  });
  test("judge takes the verdict it is given, with its reason", () => {
    expect(scoreCase({ kind: "judge", rubric: "polite" }, run, {}, { pass: false, reason: "rude" })).toEqual({ kind: "judge", pass: false, detail: "rude" });
    expect(scoreCase({ kind: "judge", rubric: "polite" }, run, {}).pass).toBeNull();
  });
  test("a scorer whose expectation the case lacks does not apply", () => {
    for (const kind of ["exact", "contains", "regex", "schema", "outcome"] as const) expect(scoreCase({ kind }, run, {}).pass).toBeNull();
  });
});

const result = (caseId: string, over: Partial<CaseResult> = {}): CaseResult => ({
  caseId,
  input: `input ${caseId}`,
  status: "completed",
  output: "ok",
  outcome: "approve",
  steps: 2,
  tokens: 10,
  costUsd: 0.25,
  simulatedAnswers: 0,
  scores: [{ kind: "outcome", pass: true }],
  ...over,
});

test("the summary counts passes per scorer over the cases it applied to, sums tokens and cost, and checks the threshold", () => {
  const results = [
    result("1"),
    result("2", { scores: [{ kind: "outcome", pass: false }] }),
    result("3", { scores: [{ kind: "outcome", pass: null }] }),
    result("4", { status: "failed" }),
  ];
  const figures = summarize(results, [{ kind: "outcome" }], 0.7);
  expect(figures).toEqual({ cases: 4, passed: 2, byScorer: [{ kind: "outcome", passed: 2, applied: 3 }], tokens: 40, costUsd: 1, meetsThreshold: false });
  expect(summarize(results, [{ kind: "outcome" }], 0.6).meetsThreshold).toBe(true);
  expect(summarize(results, [{ kind: "outcome" }], null).meetsThreshold).toBe(true);
  // A failed run passes nothing, whatever its scores.
  expect(casePassed(results[3]!)).toBe(false);
});

test("the comparison marks the cases whose outcome or pass changed, and how tokens and length moved", () => {
  const evaluation = (id: string, results: CaseResult[]): Evaluation => ({
    id,
    datasetId: "d",
    datasetName: "d",
    flowId: "f",
    flowName: "f",
    version: 1,
    createdAt: 0,
    status: "done",
    ...summarize(results, [{ kind: "outcome" }], null),
    threshold: null,
    request: { datasetId: "d", flowId: "f", version: 1, models: { kind: "recorded" }, people: { kind: "recorded" }, scorers: [{ kind: "outcome" }] },
    results,
  });
  const a = evaluation("a", [result("1"), result("2"), result("3")]);
  const b = evaluation("b", [
    result("1"),
    result("2", { outcome: "revise", scores: [{ kind: "outcome", pass: false }], tokens: 25, output: "longer" }),
    result("4"),
  ]);
  const { cases } = compareEvaluations(a, b);
  expect(cases.map((c) => [c.caseId, c.changed])).toEqual([
    ["1", { outcome: false, pass: false, tokens: 0, length: 0 }],
    ["2", { outcome: true, pass: true, tokens: 15, length: 4 }],
    ["3", { outcome: true, pass: true, tokens: -10, length: -2 }],
    ["4", { outcome: true, pass: true, tokens: 10, length: 2 }],
  ]);
  expect(cases[2]!.b).toBeNull();
  expect(cases[3]!.a).toBeNull();
});
