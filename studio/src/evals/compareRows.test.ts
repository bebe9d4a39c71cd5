import type { CaseResult } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { casePassed, changeMarks, isChanged, orderRows, type CompareRow } from "./compareRows.js";

const result = (caseId: string): CaseResult => ({
  caseId,
  input: caseId,
  status: "completed",
  output: "out",
  outcome: "approve",
  steps: 3,
  tokens: 10,
  costUsd: 0,
  simulatedAnswers: 0,
  scores: [],
});
const row = (caseId: string, changed: Partial<CompareRow["changed"]> = {}, sides: { a?: boolean; b?: boolean } = {}): CompareRow => ({
  caseId,
  input: caseId,
  a: sides.a === false ? null : result(caseId),
  b: sides.b === false ? null : result(caseId),
  changed: { outcome: false, pass: false, tokens: 0, length: 0, ...changed },
});

describe("comparing two evaluations case by case", () => {
  it("counts a case as changed on outcome, pass, tokens, length, or being in one side only", () => {
    expect(isChanged(row("same"))).toBe(false);
    expect(isChanged(row("o", { outcome: true }))).toBe(true);
    expect(isChanged(row("p", { pass: true }))).toBe(true);
    expect(isChanged(row("t", { tokens: -4 }))).toBe(true);
    expect(isChanged(row("l", { length: 7 }))).toBe(true);
    expect(isChanged(row("new", {}, { a: false }))).toBe(true);
  });

  it("puts changed cases first, each group keeping the dataset's order", () => {
    const rows = [row("1"), row("2", { pass: true }), row("3"), row("4", { tokens: 2 })];
    expect(orderRows(rows, false).map((r) => r.caseId)).toEqual(["2", "4", "1", "3"]);
    expect(orderRows(rows, true).map((r) => r.caseId)).toEqual(["2", "4"]);
  });

  it("says what changed in words", () => {
    expect(changeMarks(row("x", { outcome: true, pass: true, tokens: 12, length: -40 }))).toEqual(["outcome changed", "pass changed", "tokens +12", "length −40"]);
    expect(changeMarks(row("same"))).toEqual([]);
    expect(changeMarks(row("gone", {}, { b: false }))).toEqual(["only in A"]);
  });

  it("passes a case when no applicable score failed", () => {
    const scored = (...pass: (boolean | null)[]) => ({ ...result("c"), scores: pass.map((p) => ({ kind: "exact" as const, pass: p })) });
    expect(casePassed(scored(true, null))).toBe(true);
    expect(casePassed(scored(true, false))).toBe(false);
    expect(casePassed(scored())).toBe(true);
  });
});
