// An evaluation's report carries what its runs cost: each case the cost of its run, the summary
// the total. Sessions are recorded and cases evaluated on live models through the OpenAI SDK
// and a fake OpenAI server, on a priced model; the expected dollars come from the recorded
// sessions' usage at the list price (the fake answers the same messages the same way).
import { parseFlow } from "@tandem/shared";
import { afterAll, beforeAll, expect, test } from "vitest";
import { casesOf } from "../src/http/routes/datasets.js";
import { openRuntime, type Runtime } from "../src/runtime.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { cleanupCli, tempDir } from "./helpers/cli.js";
import { evaluated, recordSessions } from "./helpers/recorded-sessions.js";
import { reviewFlow } from "./helpers/runs-api.js";
import { costFromUsage } from "./helpers/usage-cost.js";

const MODEL = "openai/gpt-4o-mini";
let fake: FakeOpenAI;
let runtime: Runtime;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  runtime = await openRuntime({ dataDir: tempDir(), registry: { env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "sk-test" } } });
});
afterAll(async () => {
  await runtime?.close();
  await fake?.close();
  await cleanupCli();
});

test("each case carries its run's cost and the summary their total, live and from the recording", async () => {
  const parsed = parseFlow(reviewFlow({ model: MODEL }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const flow = await runtime.flows.create(parsed.flow);
  const runIds = await recordSessions(runtime, flow.id, ["Write about rivers.", "Write about the long mountains of the north."]);
  const datasetId = (await runtime.datasets.create("priced", await casesOf({ name: "priced", runs: runIds.map((runId) => ({ runId })) }, runtime.events), "Ana")).id;
  const expected = await Promise.all(runIds.map(async (id) => costFromUsage(await runtime.events.events(id), MODEL)));
  // Different inputs, different usage: a case cannot pass with another case's cost.
  expect(expected[0]).not.toBeCloseTo(expected[1]!, 12);

  for (const models of [{ kind: "live", model: MODEL }, { kind: "recorded" }] as const) {
    const report = await evaluated(runtime, { datasetId, flowId: flow.id, version: flow.version, scorers: [{ kind: "outcome" }], models });
    expect(report.status).toBe("done");
    expect(report.results.map((r) => r.status)).toEqual(["completed", "completed"]);
    report.results.forEach((r, i) => expect(r.costUsd).toBeCloseTo(expected[i]!, 12));
    expect(report.costUsd).toBeCloseTo(expected[0]! + expected[1]!, 12);
    // The list of evaluations shows the same total.
    expect((await runtime.evaluations.list(datasetId)).find((e) => e.id === report.id)!.costUsd).toBeCloseTo(report.costUsd, 12);
  }
});
