import { describe, expect, it } from "vitest";
import { emptyForm, evaluationRequest, type EvaluationForm } from "./evaluationForm.js";

const filled = (patch: Partial<EvaluationForm> = {}): EvaluationForm => ({ ...emptyForm(), flowId: "f1", version: "2", ...patch });

describe("the Run evaluation form", () => {
  it("makes a hermetic request by default: recorded models and people, the outcome scored", () => {
    expect(evaluationRequest("d1", filled())).toEqual({
      ok: true,
      request: { datasetId: "d1", flowId: "f1", version: 2, models: { kind: "recorded" }, people: { kind: "recorded" }, scorers: [{ kind: "outcome" }] },
    });
  });

  it("carries a live model, a simulated person, every scorer and the threshold as a share", () => {
    const result = evaluationRequest(
      "d1",
      filled({
        models: "live",
        model: " openai/gpt-4o-mini ",
        people: "simulated",
        instructions: " Approve short drafts. ",
        plain: { exact: true, contains: true, regex: true, schema: true, outcome: false },
        steps: { on: true, max: "12" },
        tokens: { on: true, max: "900" },
        judge: { on: true, rubric: "Polite and short.", model: "" },
        threshold: "90",
      }),
    );
    expect(result.ok && result.request).toEqual({
      datasetId: "d1",
      flowId: "f1",
      version: 2,
      models: { kind: "live", model: "openai/gpt-4o-mini" },
      people: { kind: "simulated", instructions: "Approve short drafts." },
      scorers: [
        { kind: "exact" },
        { kind: "contains" },
        { kind: "regex" },
        { kind: "schema" },
        { kind: "steps", max: 12 },
        { kind: "tokens", max: 900 },
        { kind: "judge", rubric: "Polite and short." },
      ],
      threshold: 0.9,
    });
  });

  it("asks live models of a dataset without recordings", () => {
    expect(emptyForm(false).models).toBe("live");
    expect(emptyForm(true).models).toBe("recorded");
  });

  it("names the first field that is wrong", () => {
    const field = (form: EvaluationForm) => {
      const r = evaluationRequest("d1", form);
      return r.ok ? null : r.field;
    };
    expect(field(filled({ flowId: "" }))).toBe("flow");
    expect(field(filled({ version: "" }))).toBe("version");
    expect(field(filled({ people: "simulated", instructions: "  " }))).toBe("instructions");
    expect(field(filled({ steps: { on: true, max: "0" } }))).toBe("steps.max");
    expect(field(filled({ tokens: { on: true, max: "1.5" } }))).toBe("tokens.max");
    expect(field(filled({ judge: { on: true, rubric: "", model: "" } }))).toBe("judge.rubric");
    expect(field(filled({ plain: { ...emptyForm().plain, outcome: false } }))).toBe("scorers");
    expect(field(filled({ threshold: "120" }))).toBe("threshold");
    expect(field(filled({ threshold: "abc" }))).toBe("threshold");
  });
});
