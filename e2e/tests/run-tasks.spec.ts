// Journey: a run waiting for a person is listed on the tasks page and answered from there.
import { createFlow, expect, test } from "../support/fixtures.js";
import { humanCard, startRunApi, writerReview } from "../support/runs.js";

test("answer a waiting run from the tasks page", async ({ page, request }) => {
  const flow = writerReview();
  const flowId = await createFlow(request, flow);
  const runId = await startRunApi(request, flowId, "A tagline for the tasks page");
  await expect.poll(async () => ((await (await request.get(`/api/runs/${runId}`)).json()) as { run: { status: string } }).run.status).toBe("waiting");

  await page.goto("/#/flows");
  await expect(page.getByRole("link", { name: /Tasks: \d+ waiting for a person/ })).toBeVisible();
  await page.getByRole("link", { name: /^Tasks/ }).click();
  await expect(page).toHaveURL(/#\/tasks$/);
  const task = page.getByRole("list", { name: "Waiting runs" }).getByRole("button").filter({ hasText: flow.name });
  await expect(task).toContainText("reviewer");
  await expect(task).toContainText("A tagline for the tasks page");
  await expect(task).toContainText("Waiting since");
  await task.click();
  await expect(task).toHaveAttribute("aria-current", "true");

  const card = humanCard(page);
  await expect(card).toContainText('here is my answer to "A tagline for the tasks page"');
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("region", { name: "Task" })).toContainText("Nothing waits for a person in this run now.");
  await expect(task).toHaveCount(0);
  const run = (await (await request.get(`/api/runs/${runId}`)).json()) as { run: { status: string } };
  expect(run.run.status).toBe("completed");
});
