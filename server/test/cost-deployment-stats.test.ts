// A deployment's figures carry what its runs cost: the total over every run, and the average over
// finished runs only. Runs go through the real endpoint, the OpenAI SDK and a fake OpenAI server,
// on a priced model; the expected dollars come from each call's recorded usage at the list price.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { caller, publish, saveFlow } from "./helpers/deploy-app.js";
import { startPeopleApp, user, type PeopleApp } from "./helpers/people-app.js";
import { reviewFlow } from "./helpers/runs-api.js";
import { costFromUsage } from "./helpers/usage-cost.js";

const MODEL = "openai/gpt-4o-mini";
let app: PeopleApp;
let fake: FakeOpenAI;
const api = () => app.as("dee");

beforeAll(async () => {
  fake = await startFakeOpenAI();
  app = await startPeopleApp([user("dee", "designer")], undefined, {
    registry: { scriptedDelayMs: 0, env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "sk-test" } },
  });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

const expectedCost = async (runId: string) => costFromUsage((await app.as().run(runId)).events, MODEL);

test("stats sum the cost of every run, and average it over the finished ones", async () => {
  await publish(api(), "priced", await saveFlow(api(), reviewFlow({ model: MODEL })));
  const key = (await api().post("/api/deployments/priced/keys", { name: "cost" })).body.key;
  const call = caller(app, "priced", key);
  const before = (await api().get("/api/deployments/priced/stats")).body;
  expect(before).toMatchObject({ runs: 0, costUsd: 0, avgCostUsd: null });

  // One run waits for the reviewer and is then approved; the other is left waiting.
  const finished = await call.start("Write about rivers.", "?wait=true");
  expect(finished.body.status).toBe("waiting");
  const answered = await app.as().answer(finished.body.runId, finished.body.task.requestId, { outcome: "approve" });
  expect(answered.status).toBeLessThan(300);
  await app.as().status(finished.body.runId, "completed");
  const waiting = await call.start("Write about mountains.", "?wait=true");
  expect(waiting.body.status).toBe("waiting");

  const finishedCost = await expectedCost(finished.body.runId);
  const waitingCost = await expectedCost(waiting.body.runId);
  const stats = (await api().get("/api/deployments/priced/stats")).body;
  expect(stats).toMatchObject({ runs: 2, finished: 1 });
  expect(stats.costUsd).toBeCloseTo(finishedCost + waitingCost, 12);
  expect(stats.avgCostUsd).toBeCloseTo(finishedCost, 12);

  // The same dollars as the runs list shows run by run.
  const { runs } = (await api().get("/api/runs?deployment=priced")).body as { runs: { id: string; costUsd: number }[] };
  expect(runs.find((r) => r.id === finished.body.runId)!.costUsd).toBeCloseTo(finishedCost, 12);
  expect(runs.find((r) => r.id === waiting.body.runId)!.costUsd).toBeCloseTo(waitingCost, 12);
});
