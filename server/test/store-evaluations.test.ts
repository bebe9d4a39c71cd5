// The evaluation store's conformance suite: SQLite and Postgres are held to the same behaviour.
// Each test gets a new, empty database of its backend.
import type { CaseResult, EvaluationRequest } from "@tandem/shared";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { Sql } from "../src/store/sql/types.js";
import { createEvaluationStore, STOPPED_DURING, type Figures, type NewEvaluation } from "../src/store/evaluations.js";
import { sqlBackends } from "./helpers/backends.js";

const request: EvaluationRequest = {
  datasetId: "ds-1",
  flowId: "flow-1",
  version: 3,
  models: { kind: "live", model: "openai/gpt-4o-mini" },
  people: { kind: "simulated", instructions: "You are a careful reviewer — say \"revise\" once." },
  scorers: [{ kind: "outcome" }, { kind: "steps", max: 4 }, { kind: "judge", rubric: "Short and clear.", model: "scripted/demo" }],
  threshold: 0.75,
};

const started = (over: Partial<NewEvaluation> = {}): NewEvaluation => ({ request, datasetName: "rivers", flowName: "Write and review", cases: 2, ...over });

const results: CaseResult[] = [
  {
    caseId: "case-1",
    input: "Write about rivers.",
    status: "completed",
    output: "Rivers run — schnell, 川.\n\"Done\"",
    outcome: "approve",
    steps: 4,
    tokens: 120,
    costUsd: 0.000123456789,
    simulatedAnswers: 1,
    scores: [
      { kind: "outcome", pass: true },
      { kind: "steps", pass: true },
      { kind: "judge", pass: false, detail: "too long" },
    ],
  },
  {
    caseId: "case-2",
    input: "Write about lakes.",
    status: "stuck",
    output: "",
    outcome: null,
    steps: 9,
    tokens: 0,
    costUsd: 0,
    simulatedAnswers: 0,
    scores: [
      { kind: "outcome", pass: null },
      { kind: "steps", pass: false },
      { kind: "judge", pass: null },
    ],
    error: "no progress",
  },
];

const figures: Figures = {
  passed: 0,
  byScorer: [
    { kind: "outcome", passed: 1, applied: 1 },
    { kind: "steps", passed: 1, applied: 2 },
    { kind: "judge", passed: 0, applied: 1 },
  ],
  tokens: 120,
  costUsd: 0.000123456789,
  meetsThreshold: false,
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(sqlBackends)("$name", (backend) => {
  let sql: Sql;
  const open = async () => createEvaluationStore((sql = await backend.open()));

  test("a new evaluation is running, with its request, case count and no figures yet", async () => {
    const evaluations = await open();
    const before = Date.now();
    const summary = await evaluations.create(started());
    expect(summary).toEqual({
      id: expect.any(String),
      datasetId: "ds-1",
      datasetName: "rivers",
      flowId: "flow-1",
      flowName: "Write and review",
      version: 3,
      createdAt: expect.any(Number),
      status: "running",
      cases: 2,
      passed: 0,
      byScorer: [],
      tokens: 0,
      costUsd: 0,
      threshold: 0.75,
      meetsThreshold: false,
    });
    expect(summary.createdAt).toBeGreaterThanOrEqual(before);
    expect(await evaluations.get(summary.id)).toEqual({ ...summary, request, results: [] });
    expect(await evaluations.get("nope")).toBeUndefined();
  });

  test("a request without a threshold has none", async () => {
    const evaluations = await open();
    const { threshold: _, ...without } = request;
    const summary = await evaluations.create(started({ request: without }));
    expect(summary.threshold).toBeNull();
    expect((await evaluations.get(summary.id))!.request).toEqual(without);
  });

  test("a finished evaluation's results and figures come back as stored", async () => {
    const evaluations = await open();
    const { id } = await evaluations.create(started());
    await evaluations.finish(id, results, figures);
    const done = await evaluations.get(id);
    expect(done).toMatchObject({ status: "done", cases: 2, threshold: 0.75, ...figures });
    expect(done!.results).toEqual(results);
    expect(done!.costUsd).toBe(0.000123456789);
    expect(done).not.toHaveProperty("error");
    // Listed, the same figures without the results.
    const { request: _request, results: _results, ...summary } = done!;
    expect(await evaluations.list()).toEqual([summary]);
  });

  test("results stored before cost was kept count none", async () => {
    const evaluations = await open();
    const { id } = await evaluations.create(started());
    const withoutCost = results.map(({ costUsd: _, ...r }) => r);
    await sql.run("UPDATE evaluations SET status = 'done', results = ? WHERE id = ?", [JSON.stringify(withoutCost), id]);
    expect((await evaluations.get(id))!.results.map((r) => r.costUsd)).toEqual([0, 0]);
  });

  test("a failed evaluation says why", async () => {
    const evaluations = await open();
    const { id } = await evaluations.create(started());
    await evaluations.fail(id, "the flow's version was deleted");
    expect(await evaluations.get(id)).toMatchObject({ status: "failed", error: "the flow's version was deleted", results: [], passed: 0 });
    expect((await evaluations.list())[0]).toMatchObject({ status: "failed", error: "the flow's version was deleted" });
  });

  test("the list is newest first, of one dataset when asked; the same millisecond, the last made first", async () => {
    const evaluations = await open();
    expect(await evaluations.list()).toEqual([]);
    const now = vi.spyOn(Date, "now").mockReturnValue(1_000);
    const a = await evaluations.create(started());
    const b = await evaluations.create(started({ request: { ...request, datasetId: "ds-2" }, datasetName: "lakes" }));
    const c = await evaluations.create(started());
    now.mockReturnValue(500);
    const older = await evaluations.create(started());
    now.mockReturnValue(2_000);
    const newest = await evaluations.create(started({ request: { ...request, datasetId: "ds-2" }, datasetName: "lakes" }));
    now.mockRestore();
    expect((await evaluations.list()).map((e) => e.id)).toEqual([newest.id, c.id, b.id, a.id, older.id]);
    expect((await evaluations.list("ds-1")).map((e) => e.id)).toEqual([c.id, a.id, older.id]);
    expect((await evaluations.list("ds-2")).map((e) => [e.id, e.datasetName])).toEqual([
      [newest.id, "lakes"],
      [b.id, "lakes"],
    ]);
    expect(await evaluations.list("ds-3")).toEqual([]);
  });

  test("starting, every running evaluation is marked failed with why; finished ones are left as they are", async () => {
    const evaluations = await open();
    const running = [await evaluations.create(started()), await evaluations.create(started())];
    const done = await evaluations.create(started());
    await evaluations.finish(done.id, results, figures);
    const failed = await evaluations.create(started());
    await evaluations.fail(failed.id, "the model was unreachable");
    expect(await evaluations.failInterrupted()).toBe(2);
    for (const { id } of running) expect(await evaluations.get(id)).toMatchObject({ status: "failed", error: STOPPED_DURING });
    expect(await evaluations.get(done.id)).toMatchObject({ status: "done", results });
    expect(await evaluations.get(failed.id)).toMatchObject({ status: "failed", error: "the model was unreachable" });
    expect(await evaluations.failInterrupted()).toBe(0);
  });

  test("of several servers' running evaluations, only those whose server is not live are marked failed", async () => {
    const opened = await open();
    const by = (id: string) => createEvaluationStore(sql, { owner: { id, keepFresh: async () => {} } });
    const [mine, theirs, gone, older] = [
      await by("me").create(started()),
      await by("them").create(started()),
      await by("gone").create(started()),
      await opened.create(started()), // from before servers were recorded
    ];
    expect(await opened.failInterrupted(["me", "them"])).toBe(2);
    const status = async (id: string) => (await opened.get(id))!.status;
    expect([await status(mine.id), await status(theirs.id), await status(gone.id), await status(older.id)]).toEqual(["running", "running", "failed", "failed"]);
  });

  test("one marked failed by another server starting that finishes after all is done, with no error", async () => {
    const evaluations = await open();
    const { id } = await evaluations.create(started());
    expect(await evaluations.failInterrupted()).toBe(1);
    await evaluations.finish(id, results, figures);
    const done = await evaluations.get(id);
    expect(done).toMatchObject({ status: "done", results });
    expect(done).not.toHaveProperty("error");
  });
});
