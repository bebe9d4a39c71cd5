// Dataset cases from a file: CSV with a header row (`input`, and optional `expected_output`,
// `expected_outcome`, `contains`, `regex`; quoted fields may hold commas, quotes and newlines)
// or JSON lines (`{"input": …, "expected": {…}}`). A mistake is named by its line and column.
import type { Expected } from "./evals.js";
import { regexProblem } from "./evals-score.js";
import { schemaProblems } from "./output-schema.js";

export interface FileCase {
  input: string;
  expected: Expected;
}

/** Where in the file, 1-based, and what is wrong. */
export interface FileProblem {
  line: number;
  column: number;
  message: string;
}

export type FileCases = { ok: true; cases: FileCase[] } | { ok: false; problem: FileProblem };

export const describeFileProblem = (p: FileProblem) => `line ${p.line}, column ${p.column}: ${p.message}`;

export function parseDatasetFile(format: "csv" | "jsonl", text: string): FileCases {
  try {
    return { ok: true, cases: format === "csv" ? parseCsv(text) : parseJsonl(text) };
  } catch (e) {
    if (e instanceof FileError) return { ok: false, problem: e.problem };
    throw e;
  }
}

class FileError extends Error {
  constructor(readonly problem: FileProblem) {
    super(describeFileProblem(problem));
  }
}
const fail = (line: number, column: number, message: string): never => {
  throw new FileError({ line, column, message });
};

/** What is wrong with an expectation (a pattern that does not compile, a schema the validator cannot read), by its field. */
export function expectedProblems(expected: Expected): { field: keyof Expected; message: string }[] {
  const problems: { field: keyof Expected; message: string }[] = [];
  const regex = expected.regex === undefined ? undefined : regexProblem(expected.regex);
  if (regex) problems.push({ field: "regex", message: regex });
  if (expected.schema !== undefined) {
    for (const p of schemaProblems(expected.schema)) problems.push({ field: "schema", message: p.path ? `${p.path}: ${p.message}` : p.message });
  }
  return problems;
}

interface Cell {
  text: string;
  line: number;
  column: number;
}

/** RFC 4180 rows: each cell with where it starts. */
function csvRows(text: string): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const advance = (ch: string) => {
    i++;
    if (ch === "\n") {
      line++;
      column = 1;
    } else column++;
  };
  while (i <= text.length) {
    const cell: Cell = { text: "", line, column };
    if (text[i] === '"') {
      advance('"');
      for (;;) {
        if (i >= text.length) fail(cell.line, cell.column, "a quoted field is never closed");
        const ch = text[i]!;
        if (ch === '"' && text[i + 1] === '"') {
          cell.text += '"';
          advance(ch);
          advance(ch);
        } else if (ch === '"') {
          advance(ch);
          break;
        } else {
          cell.text += ch;
          advance(ch);
        }
      }
      const next = text[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") fail(line, column, "expected a comma or the end of the line after a quoted field");
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        if (text[i] === '"') fail(line, column, "a quote inside an unquoted field (quote the whole field and double the quote)");
        cell.text += text[i];
        advance(text[i]!);
      }
    }
    row.push(cell);
    if (text[i] === ",") {
      advance(",");
      continue;
    }
    if (text[i] === "\r") advance("\r");
    if (text[i] === "\n") advance("\n");
    // A blank line (a lone empty cell) is no row.
    if (!(row.length === 1 && row[0]!.text === "")) rows.push(row);
    row = [];
    if (i >= text.length) break;
  }
  return rows;
}

const CSV_COLUMNS: Record<string, keyof Expected | "input"> = {
  input: "input",
  expected_output: "output",
  expected_outcome: "outcome",
  contains: "contains",
  regex: "regex",
};

function parseCsv(text: string): FileCase[] {
  const [header, ...rows] = csvRows(text);
  if (!header) fail(1, 1, "the file is empty; the first line names the columns (input, expected_output, expected_outcome, contains, regex)");
  const fields = header!.map((cell) => {
    const field = CSV_COLUMNS[cell.text.trim().toLowerCase()];
    if (!field) fail(cell.line, cell.column, `unknown column "${cell.text}" (use ${Object.keys(CSV_COLUMNS).join(", ")})`);
    return field!;
  });
  if (!fields.includes("input")) fail(1, 1, 'the header has no "input" column');
  if (rows.length === 0) fail(2, 1, "the file has a header but no cases");
  return rows.map((row) => {
    if (row.length !== fields.length) fail(row[0]!.line, row[Math.min(row.length, fields.length) - 1]!.column, `expected ${fields.length} fields, found ${row.length}`);
    const c: FileCase = { input: "", expected: {} };
    row.forEach((cell, i) => {
      const field = fields[i]!;
      if (field === "input") c.input = cell.text;
      else if (cell.text !== "") c.expected[field] = cell.text as never;
    });
    const inputCell = row[fields.indexOf("input")]!;
    if (!c.input.trim()) fail(inputCell.line, inputCell.column, "input is empty");
    for (const p of expectedProblems(c.expected)) {
      const cell = row[fields.indexOf(p.field)]!;
      fail(cell.line, cell.column, `${p.field}: ${p.message}`);
    }
    return c;
  });
}

const EXPECTED_STRINGS = ["outcome", "output", "contains", "regex"] as const;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function parseJsonl(text: string): FileCase[] {
  const cases: FileCase[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const source = raw.replace(/\r$/, "");
    if (!source.trim()) return;
    const column = (key: string) => Math.max(1, source.indexOf(`"${key}"`) + 1);
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (e) {
      const at = /position (\d+)/.exec((e as Error).message);
      fail(line, at ? Number(at[1]) + 1 : 1, `not JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, "")}`);
    }
    if (!isObject(value)) return fail(line, 1, 'expected an object: {"input": "…", "expected": {…}}');
    for (const key of Object.keys(value)) if (key !== "input" && key !== "expected") fail(line, column(key), `unknown field "${key}" (use input, expected)`);
    if (typeof value.input !== "string" || !value.input.trim()) fail(line, column("input"), "input: expected a non-empty string");
    const expected: Expected = {};
    if (value.expected !== undefined) {
      if (!isObject(value.expected)) fail(line, column("expected"), "expected: expected an object");
      const given = value.expected as Record<string, unknown>;
      for (const [key, v] of Object.entries(given)) {
        if ((EXPECTED_STRINGS as readonly string[]).includes(key)) {
          if (typeof v !== "string") fail(line, column(key), `expected.${key}: expected a string`);
          expected[key as (typeof EXPECTED_STRINGS)[number]] = v as string;
        } else if (key === "schema") expected.schema = v as Expected["schema"];
        else fail(line, column(key), `unknown field "expected.${key}" (use ${[...EXPECTED_STRINGS, "schema"].join(", ")})`);
      }
    }
    for (const p of expectedProblems(expected)) fail(line, column(p.field), `expected.${p.field}: ${p.message}`);
    cases.push({ input: value.input as string, expected });
  });
  if (cases.length === 0) fail(1, 1, "the file has no cases");
  return cases;
}
