import { expect, test } from "vitest";
import { parseDatasetFile } from "./evals-file.js";

test("CSV: a header row, quoted fields holding commas, quotes and newlines, empty cells left out", () => {
  const text = 'input,expected_outcome,contains,regex\r\n"Hello, world","approve",,\n"Say ""hi""\nto Ana",,hi,^Hi\n\n';
  expect(parseDatasetFile("csv", text)).toEqual({
    ok: true,
    cases: [
      { input: "Hello, world", expected: { outcome: "approve" } },
      { input: 'Say "hi"\nto Ana', expected: { contains: "hi", regex: "^Hi" } },
    ],
  });
  expect(parseDatasetFile("csv", "expected_output,input\nfour,2+2\n")).toEqual({ ok: true, cases: [{ input: "2+2", expected: { output: "four" } }] });
});

test("CSV: each mistake is named by its line and column", () => {
  const problem = (text: string) => {
    const parsed = parseDatasetFile("csv", text);
    if (parsed.ok) throw new Error("parsed");
    return parsed.problem;
  };
  expect(problem("input,colour\na,b\n")).toMatchObject({ line: 1, column: 7, message: expect.stringContaining('unknown column "colour"') });
  expect(problem("contains\na\n")).toMatchObject({ line: 1, message: 'the header has no "input" column' });
  expect(problem('input,contains\n"multi\nline",x\nb,c,d\n')).toMatchObject({ line: 4, message: "expected 2 fields, found 3" });
  expect(problem('input\n"never closed\n')).toMatchObject({ line: 2, column: 1, message: "a quoted field is never closed" });
  expect(problem("input,regex\na,(\n")).toMatchObject({ line: 2, column: 3, message: expect.stringContaining("regex: the pattern does not compile") });
  expect(problem("input,contains\n,x\n")).toMatchObject({ line: 2, column: 1, message: "input is empty" });
  expect(problem("input\n")).toMatchObject({ line: 2, message: "the file has a header but no cases" });
});

test("JSON lines: one case a line, blank lines skipped", () => {
  const text = '{"input":"a"}\n\n{"input":"b","expected":{"outcome":"approve","schema":{"type":"object"}}}\n';
  expect(parseDatasetFile("jsonl", text)).toEqual({
    ok: true,
    cases: [
      { input: "a", expected: {} },
      { input: "b", expected: { outcome: "approve", schema: { type: "object" } } },
    ],
  });
});

test("JSON lines: a bad line is named, with the column of what is wrong", () => {
  const problem = (text: string) => {
    const parsed = parseDatasetFile("jsonl", text);
    if (parsed.ok) throw new Error("parsed");
    return parsed.problem;
  };
  expect(problem('{"input":"a"}\n{"input": "b",}\n')).toMatchObject({ line: 2, column: 15, message: expect.stringContaining("not JSON") });
  expect(problem('{"input":"a"}\n{"input":"b","expected":{"outcom":"x"}}\n')).toMatchObject({ line: 2, column: 26, message: expect.stringContaining('unknown field "expected.outcom"') });
  expect(problem('{"input":""}\n')).toMatchObject({ line: 1, column: 2, message: "input: expected a non-empty string" });
  expect(problem('{"input":"a","expected":{"schema":{"type":"text"}}}\n')).toMatchObject({ line: 1, message: expect.stringContaining("expected.schema: type") });
  expect(problem("\n\n")).toMatchObject({ message: "the file has no cases" });
});
