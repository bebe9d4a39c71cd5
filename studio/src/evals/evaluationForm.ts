// The Run evaluation form as typed, and the request it makes, or the first field that is wrong.
import type { EvaluationRequest, Scorer } from "@tandem/shared";

/** The scorers that need nothing but a tick. */
export const PLAIN_SCORERS = ["exact", "contains", "regex", "schema", "outcome"] as const;
type PlainScorer = (typeof PLAIN_SCORERS)[number];

export interface EvaluationForm {
  flowId: string;
  version: string;
  models: "recorded" | "live";
  model: string;
  people: "recorded" | "simulated";
  instructions: string;
  plain: Record<PlainScorer, boolean>;
  steps: { on: boolean; max: string };
  tokens: { on: boolean; max: string };
  judge: { on: boolean; rubric: string; model: string };
  /** A percentage, or blank for none. */
  threshold: string;
}

/** A dataset none of whose cases has a recording (one from a file) is evaluated with live models. */
export const emptyForm = (recorded = true): EvaluationForm => ({
  flowId: "",
  version: "",
  models: recorded ? "recorded" : "live",
  model: "",
  people: "recorded",
  instructions: "",
  plain: { exact: false, contains: false, regex: false, schema: false, outcome: true },
  steps: { on: false, max: "20" },
  tokens: { on: false, max: "5000" },
  judge: { on: false, rubric: "", model: "" },
  threshold: "",
});

export type FormResult = { ok: true; request: EvaluationRequest } | { ok: false; field: string; message: string };

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : NaN);

export function evaluationRequest(datasetId: string, form: EvaluationForm): FormResult {
  const fail = (field: string, message: string): FormResult => ({ ok: false, field, message });
  if (!form.flowId) return fail("flow", "Pick the flow to evaluate.");
  const version = wholeNumber(form.version);
  if (!(version >= 1)) return fail("version", "Pick a version of the flow.");
  if (form.people === "simulated" && !form.instructions.trim()) return fail("instructions", "Say how the simulated person should answer.");

  const scorers: Scorer[] = PLAIN_SCORERS.filter((kind) => form.plain[kind]).map((kind) => ({ kind }));
  for (const kind of ["steps", "tokens"] as const) {
    if (!form[kind].on) continue;
    const max = wholeNumber(form[kind].max);
    if (!(max >= 1)) return fail(`${kind}.max`, `The most ${kind} is a whole number of at least 1.`);
    scorers.push({ kind, max });
  }
  if (form.judge.on) {
    const rubric = form.judge.rubric.trim();
    if (!rubric) return fail("judge.rubric", "Write the rubric the judge scores by.");
    scorers.push({ kind: "judge", rubric, ...(form.judge.model.trim() ? { model: form.judge.model.trim() } : {}) });
  }
  if (!scorers.length) return fail("scorers", "Tick at least one scorer.");

  let threshold: number | undefined;
  if (form.threshold.trim()) {
    const percent = Number(form.threshold);
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) return fail("threshold", "The threshold is a percentage from 0 to 100.");
    threshold = percent / 100;
  }
  const model = form.model.trim();
  return {
    ok: true,
    request: {
      datasetId,
      flowId: form.flowId,
      version,
      models: form.models === "live" ? { kind: "live", ...(model ? { model } : {}) } : { kind: "recorded" },
      people: form.people === "simulated" ? { kind: "simulated", instructions: form.instructions.trim() } : { kind: "recorded" },
      scorers,
      ...(threshold === undefined ? {} : { threshold }),
    },
  };
}
