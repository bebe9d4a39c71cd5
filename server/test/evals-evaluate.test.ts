// The evaluator on real stores in a temp data directory: cases made from recorded sessions run
// hermetically against a changed flow, people answered from the recording or by the simulated
// person, the report the same every time.
import { parseFlow, type EvaluationRequest, type Flow } from "@tandem/shared";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startEvaluation } from "../src/evals/evaluate.js";
import { casesOf } from "../src/http/routes/datasets.js";
import { openRuntime, type Runtime } from "../src/runtime.js";
import { STOPPED_DURING } from "../src/store/evaluations.js";
import { cleanupCli, tempDir } from "./helpers/cli.js";
import { evaluated, recordSessions, REVISION } from "./helpers/recorded-sessions.js";
import { reviewFlow } from "./helpers/runs-api.js";

let runtime: Runtime;
let flowId: string;
let runIds: string[];
let datasetId: string;

const flowOf = (doc: unknown): Flow => {
  const parsed = parseFlow(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.flow;
};

beforeAll(async () => {
  runtime = await openRuntime({ dataDir: tempDir(), registry: { env: {} } });
  flowId = (await runtime.flows.create(flowOf(reviewFlow()))).id;
  runIds = await recordSessions(runtime, flowId, ["Write about rivers.", "Write about mountains."]);
  const cases = await casesOf({ name: "sessions", runs: runIds.map((runId) => ({ runId, expected: { outcome: "approve", contains: "rivers" } })) }, runtime.events);
  datasetId = (await runtime.datasets.create("sessions", cases, "Ana")).id;
});
afterAll(async () => {
  await runtime?.close();
  await cleanupCli();
});

/** Saves the flow as its next version, changed by `edit`; the version number. */
async function saveChanged(edit: (flow: ReturnType<typeof reviewFlow>) => void): Promise<number> {
  const doc = reviewFlow();
  edit(doc);
  return (await runtime.flows.save(flowId, flowOf(doc)))!.version;
}

const evaluate = (version: number, extra: Partial<EvaluationRequest> = {}) =>
  evaluated(runtime, { datasetId, flowId, version, scorers: [{ kind: "outcome" }, { kind: "contains" }, { kind: "steps", max: 4 }], ...extra });

test("a changed flow, evaluated hermetically, gets the recorded model replies and the recorded answers", async () => {
  const version = await saveChanged((f) => {
    (f.nodes[1]!.data as { systemMessage: string }).systemMessage = "You write in the style of a field guide.";
    // What the writer would say live now: the evaluation must not say it.
    (f.nodes[1]!.data as { script?: string[] }).script = ["A new reply the recording never had."];
    (f.nodes[2]!.data as { instructions: string }).instructions = "Is this draft ready to publish?";
  });
  const report = await evaluate(version);
  expect(report.status).toBe("done");
  for (const [i, result] of report.results.entries()) {
    const recorded = (await runtime.engine.state(runIds[i]!))!;
    const lastReply = recorded.messages.findLast((m) => m.role === "assistant")!.content;
    expect(result.status).toBe("completed");
    expect(result.output).toBe(lastReply);
    expect(result.output).toContain(REVISION);
    expect(result.outcome).toBe("approve");
    expect(result.simulatedAnswers).toBe(0);
    expect(result.steps).toBe(recorded.steps);
    expect(result.tokens).toBe(recorded.usage.promptTokens + recorded.usage.completionTokens);
  }
  expect(report.results.map((r) => r.scores.map((s) => s.pass))).toEqual([
    [true, true, true],
    [true, false, true],
  ]);
  expect(report.byScorer).toEqual([
    { kind: "outcome", passed: 2, applied: 2 },
    { kind: "contains", passed: 1, applied: 2 },
    { kind: "steps", passed: 2, applied: 2 },
  ]);
  expect(report.passed).toBe(1);
});

test("a human step the recording never asked is answered by the simulated person, and counted", async () => {
  const version = await saveChanged((f) => {
    f.nodes.splice(3, 0, {
      id: "legal",
      type: "human",
      position: { x: 0, y: 0 },
      data: { name: "legal", instructions: "Any legal problem?", outcomes: [{ name: "clear", description: "" }, { name: "block", description: "" }], allowText: true, allowEdit: false },
    } as never);
    f.edges[2] = { id: "e3", source: "reviewer", target: "legal", data: { when: { kind: "outcome", value: "approve" } } };
    f.edges.push({ id: "e5", source: "legal", target: "end" } as never);
  });
  const report = await evaluate(version, { people: { kind: "simulated", instructions: "You are the legal reviewer; clear what is harmless." } });
  for (const result of report.results) {
    expect(result.status).toBe("completed");
    expect(result.simulatedAnswers).toBe(1);
    // The offline model picks the first outcome the step offers.
    expect(result.outcome).toBe("clear");
  }
});

test("the same request gives the same results, byte for byte", async () => {
  const version = await saveChanged((f) => {
    (f.nodes[1]!.data as { systemMessage: string }).systemMessage = "Changed again.";
  });
  const [a, b] = [await evaluate(version), await evaluate(version)];
  expect(a.id).not.toBe(b.id);
  expect(JSON.stringify(b.results)).toBe(JSON.stringify(a.results));
});

test("a case made from a run keeps its recording after the run is deleted", async () => {
  for (const id of runIds) expect(await runtime.events.deleteRun(id)).toBe(true);
  const dataset = (await runtime.datasets.get(datasetId))!;
  expect(dataset.items.map((c) => [c.runId, c.recorded])).toEqual(runIds.map((id) => [id, true]));
  const report = await evaluate(1);
  expect(report.results.map((r) => [r.status, r.outcome, r.simulatedAnswers])).toEqual([
    ["completed", "approve", 0],
    ["completed", "approve", 0],
  ]);
});

test("a case with no recording cannot be evaluated on recorded models, and says so", async () => {
  const fromFile = await runtime.datasets.create("from a file", [{ input: "Write about lakes.", expected: {} }], "Ana");
  const { summary, done } = await startEvaluation(runtime, {
    datasetId: fromFile.id,
    flowId,
    version: 1,
    models: { kind: "recorded" },
    people: { kind: "recorded" },
    scorers: [{ kind: "outcome" }],
  });
  await done;
  const first = (await runtime.evaluations.get(summary.id))!;
  const [result] = first.results;
  expect(result!.status).toBe("failed");
  expect(result!.error).toMatch(/case-1 has no recording .* live models/);
  // On live models (the offline scripted one) the same case runs, the reviewer simulated.
  const live = await startEvaluation(runtime, { ...first.request, models: { kind: "live" } });
  await live.done;
  const [liveResult] = (await runtime.evaluations.get(live.summary.id))!.results;
  expect([liveResult!.status, liveResult!.simulatedAnswers]).toEqual(["completed", 1]);
});

test("an evaluation left running when the server stopped is marked failed, with why", async () => {
  const { id } = await runtime.evaluations.create({
    request: { datasetId, flowId, version: 1, models: { kind: "recorded" }, people: { kind: "recorded" }, scorers: [{ kind: "outcome" }] },
    datasetName: "sessions",
    flowName: "Write and review",
    cases: 2,
  });
  expect(await runtime.evaluations.failInterrupted()).toBe(1);
  expect(await runtime.evaluations.get(id)).toMatchObject({ status: "failed", error: STOPPED_DURING });
});
