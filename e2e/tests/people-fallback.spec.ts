// Journeys: a writer whose model keeps failing (the fake OpenAI server answers 500 to every
// attempt) goes to the person at its "on error" edge instead of failing the run. The card says
// what went wrong; Retry runs the writer again, Answer instead takes the person's text as its
// reply, Fail the run fails it with the problem.
import type { APIRequestContext, Page } from "@playwright/test";
import type { Flow, RunRecord } from "@tandem/shared";
import { startOnlineServer, type FakeOpenAI } from "../support/fake-openai.js";
// The journeys' test (it answers as a name kept in the browser), on a server of this worker's own.
import { createFlow, expect, test as base } from "../support/fixtures.js";
import { humanCard, messagesOf, oneAgent, openRun, runStatus, startRunApi } from "../support/runs.js";

const test = base.extend<{}, { online: { fake: FakeOpenAI; url: string } }>({
  online: [
    async ({}, use) => {
      // Retries a millisecond apart: the writer fails after its 4 attempts at once.
      const { fake, server, stop } = await startOnlineServer({ TANDEM_RETRY_BASE_MS: "1" });
      await use({ fake, url: server.url });
      await stop();
    },
    { scope: "worker", timeout: 60_000 },
  ],
});
test.use({ baseURL: async ({ online }, use) => use(online.url) });

/** start → writer (OpenAI) → end; writer on error → operator, who may also skip to the end. */
function errorFlow(): Flow {
  const flow = oneAgent("", { name: "Fallback", model: "openai/gpt-4o-mini" });
  flow.nodes.push({
    id: "operator",
    type: "human",
    position: { x: 240, y: 300 },
    data: { name: "operator", instructions: "The writer is down: decide.", outcomes: [{ name: "skip", description: "end without it" }], allowText: true, allowEdit: false },
  });
  // First among the writer's edges: routing never tries it, and after an "always" edge it would read as never taken.
  flow.edges.unshift({ id: "oops", source: "writer", target: "operator", data: { when: { kind: "error" } } });
  flow.edges.push({ id: "e3", source: "operator", target: "end", data: { when: { kind: "outcome", value: "skip" } } });
  return flow;
}

/** A run of the error flow whose writer failed every attempt, open on the operator's card. */
async function failedWriter(page: Page, online: { fake: FakeOpenAI }, request: APIRequestContext) {
  for (let i = 0; i < 4; i++) await online.fake.enqueue({ status: 500, message: "the model is down" });
  const flowId = await createFlow(request, errorFlow());
  const runId = await startRunApi(request, flowId, "Write about tea.");
  await openRun(page, flowId, runId);
  const card = humanCard(page, "operator");
  const problem = card.getByRole("group", { name: "What went wrong" });
  await expect(problem).toContainText("writer failed:");
  return { card, problem, runId };
}

test("a failing model goes to the fallback card; Retry runs the writer again and the run completes", async ({ page, request, online }, testInfo) => {
  const { card, problem } = await failedWriter(page, online, request);
  await expect(runStatus(page)).toHaveText("Needs a person");
  await expect(card.getByRole("button", { name: "Skip" })).toBeVisible();
  await card.screenshot({ path: testInfo.outputPath("fallback-card.png") });

  await online.fake.enqueue({ text: "Tea is a leaf." });
  await problem.getByRole("button", { name: "Retry" }).click();
  await expect(runStatus(page)).toHaveText("Completed");
  await expect(messagesOf(page, "writer")).toContainText("Tea is a leaf.");
});

test("Answer instead takes the person's text as the writer's reply", async ({ page, request, online }) => {
  const { problem } = await failedWriter(page, online, request);
  await problem.getByRole("button", { name: "Answer instead" }).click();
  await problem.getByRole("textbox", { name: /writer's reply/ }).fill("Tea, written by hand.");
  await problem.getByRole("button", { name: "Send as writer's reply" }).click();
  await expect(runStatus(page)).toHaveText("Completed");
  await expect(messagesOf(page, "writer")).toContainText("Tea, written by hand.");
});

test("Fail the run fails it with what went wrong", async ({ page, request, online }) => {
  const { problem, runId } = await failedWriter(page, online, request);
  await problem.getByRole("button", { name: "Fail the run" }).click();
  await expect(runStatus(page)).toHaveText("Failed");
  const run = (await (await request.get(`/api/runs/${runId}`)).json()) as RunRecord;
  expect(run.run.status).toBe("failed");
  expect(run.state.error).toMatchObject({ nodeId: "writer", message: expect.stringContaining("the model is down") });
});
