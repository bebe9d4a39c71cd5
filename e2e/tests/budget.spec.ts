// Journey: a run that has spent its budget waits for a person; the Tasks page shows its budget
// card, and raising the budget there lets the run call its model again and finish.
import type { Flow } from "@tandem/shared";
import { onlineTest as test } from "../support/fake-openai.js";
import { ANSWER_NAME, createFlow, expect, uniqueName } from "../support/fixtures.js";

const pos = { x: 0, y: 0 };
/** start → two agents on a priced model → end. */
const twoAgents = (): Flow => ({
  schemaVersion: 2,
  name: uniqueName("Budgeted"),
  maxSteps: 10,
  nodes: [
    { id: "user", type: "start", position: pos, data: { name: "user" } },
    { id: "a", type: "agent", position: pos, data: { name: "drafter", model: "openai/gpt-4o" } },
    { id: "b", type: "agent", position: pos, data: { name: "polisher", model: "openai/gpt-4o" } },
    { id: "end", type: "end", position: pos, data: { name: "end" } },
  ],
  edges: [
    { id: "e1", source: "user", target: "a", data: {} },
    { id: "e2", source: "a", target: "b", data: {} },
    { id: "e3", source: "b", target: "end", data: {} },
  ],
});

test("a run at its budget shows its card on the Tasks page, and raising the budget lets it finish", async ({ page, request, online }) => {
  await page.addInitScript((name) => localStorage.setItem("tandem.answerName", name), ANSWER_NAME);
  const flow = twoAgents();
  const flowId = await createFlow(request, flow);
  const calls = async () => ((await (await fetch(new URL("/__control/calls", online.fake.url))).json()) as { count: number }).count;
  const before = await calls();
  // Less than the first call costs: the run stops before the polisher's call.
  const started = await request.post(`/api/flows/${flowId}/runs`, { data: { input: "Draft a tagline", budgetUsd: 0.000001 } });
  expect(started.status()).toBe(201);
  const { runId } = (await started.json()) as { runId: string };
  const runOf = async () => (await (await request.get(`/api/runs/${runId}`)).json()) as { state: { status: string; budgetWait: string | null; costUsd: number } };
  await expect.poll(async () => (await runOf()).state.budgetWait).not.toBeNull();

  await page.goto("/#/tasks");
  const task = page.getByRole("list", { name: "Waiting runs" }).getByRole("button").filter({ hasText: flow.name });
  await expect(task).toContainText("polisher");
  await expect(task).toContainText("at its budget");
  await task.click();
  const card = page.getByRole("region", { name: "Budget reached" });
  await expect(card).toContainText(/This run has spent \$0\.0\d+ of its \$0\.0000010 budget/);
  expect(await calls()).toBe(before + 1);

  const amount = card.getByLabel("Raise to $");
  await amount.fill("0");
  await expect(card.getByRole("button", { name: "Raise" })).toBeDisabled();
  await amount.fill("5");
  await card.getByRole("button", { name: "Raise" }).click();
  await expect(page.getByRole("region", { name: "Task" })).toContainText("Nothing waits for a person in this run now.");
  await expect(card).toHaveCount(0);
  await expect.poll(async () => (await runOf()).state.status).toBe("completed");
  expect(await calls()).toBe(before + 2);
});
