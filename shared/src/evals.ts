// Evaluations: a dataset of cases (from past runs or a file) run against a flow version, scored,
// and two reports compared case by case. Types only; the scoring and comparison live beside.
import type { OutputSchema } from "./output-schema.js";

/** What a case is expected to give; every part optional. */
export interface Expected {
  /** The outcome the run should end on (the last person's or judge's choice). */
  outcome?: string;
  /** The final output, exactly. */
  output?: string;
  contains?: string;
  regex?: string;
  /** The final output parses as JSON and fits this schema. */
  schema?: OutputSchema;
}

/** One case as listed: its recording (if any) stays on the server. */
export interface DatasetCase {
  id: string;
  input: string;
  expected: Expected;
  /** The run it was made from, when it was made from one; its model replies and people's answers are recorded. */
  runId: string | null;
  /** The case carries a recording (model replies, people's answers) to replay. */
  recorded: boolean;
}

export interface DatasetSummary {
  id: string;
  name: string;
  cases: number;
  createdAt: number;
  createdBy: string;
}

export interface Dataset extends DatasetSummary {
  items: DatasetCase[];
}

/** POST /api/datasets: a name and cases from runs, and/or a file's text (CSV with a header row, or JSON lines). */
export interface CreateDatasetRequest {
  name: string;
  runs?: { runId: string; expected?: Expected }[];
  file?: { format: "csv" | "jsonl"; text: string };
}

/** Where an evaluated run's model replies come from. */
export type ModelSource = { kind: "recorded" } | { kind: "live"; model?: string };

/** Where an evaluated run's people's answers come from, when the recording has none for the same question. */
export type PeopleSource = { kind: "recorded" } | { kind: "simulated"; instructions: string; model?: string };

export type Scorer =
  | { kind: "exact" }
  | { kind: "contains" }
  | { kind: "regex" }
  | { kind: "schema" }
  | { kind: "outcome" }
  | { kind: "steps"; max: number }
  | { kind: "tokens"; max: number }
  | { kind: "judge"; rubric: string; model?: string };

export type ScorerKind = Scorer["kind"];

/** POST /api/evaluations (and `tandem eval`). */
export interface EvaluationRequest {
  datasetId: string;
  flowId: string;
  version: number;
  models: ModelSource;
  people: PeopleSource;
  scorers: Scorer[];
  /** The share of cases (0..1) each scorer must pass; `tandem eval` exits non-zero below it. */
  threshold?: number;
}

export interface Score {
  kind: ScorerKind;
  /** null: the scorer does not apply to this case (e.g. no expected output given). */
  pass: boolean | null;
  detail?: string;
}

export interface CaseResult {
  caseId: string;
  input: string;
  status: "completed" | "failed" | "cancelled" | "stuck";
  output: string;
  outcome: string | null;
  steps: number;
  tokens: number;
  /** What the case's run cost, in US dollars (unpriced models count nothing). */
  costUsd: number;
  /** People's answers that came from the simulated person rather than the recording. */
  simulatedAnswers: number;
  scores: Score[];
  error?: string;
}

export interface EvaluationSummary {
  id: string;
  datasetId: string;
  datasetName: string;
  flowId: string;
  flowName: string;
  version: number;
  createdAt: number;
  status: "running" | "done" | "failed";
  cases: number;
  /** Cases where every applicable score passed. */
  passed: number;
  /** Per scorer: how many cases passed of those it applied to. */
  byScorer: { kind: ScorerKind; passed: number; applied: number }[];
  tokens: number;
  /** What every case's run cost in all, in US dollars. */
  costUsd: number;
  threshold: number | null;
  /** Every scorer met the threshold (true when there is none). */
  meetsThreshold: boolean;
  /** Why it failed (status "failed"). */
  error?: string;
}

export interface Evaluation extends EvaluationSummary {
  request: EvaluationRequest;
  results: CaseResult[];
}

/** Two evaluations of the same dataset, case by case (GET /api/evaluations/compare?a=&b=). */
export interface EvaluationComparison {
  a: EvaluationSummary;
  b: EvaluationSummary;
  cases: {
    caseId: string;
    input: string;
    a: CaseResult | null;
    b: CaseResult | null;
    changed: { outcome: boolean; pass: boolean; tokens: number; length: number };
  }[];
}
