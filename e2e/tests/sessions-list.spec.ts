// Journey: the Sessions list — searched by what was said, filtered by flow and status, paged by
// the server, and two runs picked to compare.
import { createFlow, expect, test, uniqueName } from "../support/fixtures.js";
import { startRunApi, writerReview } from "../support/runs.js";
import { runToEnd, waitForRun } from "../support/sessions.js";

test("search, page through 55 runs, and compare two of them", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  const input = uniqueName("Paging through sessions");
  const record = await runToEnd(request, flowId, input, [{ outcome: "approve" }]);
  // 54 more runs that say the same: imports of this one.
  const exported = await (await request.get(`/api/runs/${record.run.id}/export`)).json();
  for (let i = 0; i < 54; i++) expect((await request.post("/api/runs/import", { data: exported })).status()).toBe(201);

  await page.goto("/#/sessions");
  await page.getByRole("searchbox").fill(input);
  const rows = page.locator("tr[data-run-id]");
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages).toContainText("1–50 of 55");
  await expect(rows).toHaveCount(50);
  await expect(page).toHaveURL(/text=/);
  await pages.getByRole("button", { name: "Next" }).click();
  await expect(pages).toContainText("51–55 of 55");
  await expect(rows).toHaveCount(5);
  await expect(page).toHaveURL(/offset=50/);
  // The imports are marked; the run itself is on one of the two pages.
  const imported = rows.filter({ hasText: "Imported" });
  const onSecond = await imported.count();
  await page.goBack();
  await expect(pages).toContainText("1–50 of 55");
  await expect(imported).toHaveCount(54 - onSecond);

  await page.getByRole("combobox", { name: "Status" }).selectOption("waiting");
  await expect(page.getByText("No run matches these filters.")).toBeVisible();
  await page.getByRole("combobox", { name: "Status" }).selectOption("completed");
  await expect(pages).toContainText("of 55");

  // Pick two runs and compare them: the same words.
  await rows.nth(0).getByRole("checkbox").check();
  await rows.nth(1).getByRole("checkbox").check();
  // A third tick is for a dataset: Compare takes two only.
  await rows.nth(2).getByRole("checkbox").check();
  await expect(page.getByRole("button", { name: "Compare 3/2" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Make dataset (3)" })).toBeEnabled();
  await rows.nth(2).getByRole("checkbox").uncheck();
  await page.getByRole("button", { name: "Compare 2/2" }).click();
  await expect(page).toHaveURL(/#\/compare\//);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("The transcripts are the same.");
});

test("filter by flow: a run waiting for a person says so", async ({ page, request }) => {
  const flow = writerReview();
  const flowId = await createFlow(request, flow);
  const runId = await startRunApi(request, flowId, "Waiting for a reviewer");
  await waitForRun(request, runId, (r) => r.state.status === "waiting");

  await page.goto("/#/sessions");
  await page.getByRole("combobox", { name: "Flow" }).selectOption({ label: flow.name });
  const rows = page.locator("tr[data-run-id]");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Needs a person");
  await expect(rows.first()).toContainText("Waits for reviewer");
  await expect(page).toHaveURL(new RegExp(`flow=${flowId}`));

  // Its replay stops where the run is, and points to the live view to answer.
  await rows.first().getByRole("link", { name: flow.name }).click();
  await expect(page.getByText("reviewer is waiting for a person.")).toBeVisible();
  await page.getByRole("link", { name: "Answer in the live view" }).click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}$`));
});
