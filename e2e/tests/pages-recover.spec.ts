// Journey: leaving a page never blanks the app. Compare → Sessions by its link and by the
// browser's Back shows Sessions; a page that throws shows what failed and the ways out.
import { createFlow, expect, test } from "../support/fixtures.js";
import { writerReview } from "../support/runs.js";
import { runToEnd } from "../support/sessions.js";

async function twoDifferentRuns(request: Parameters<typeof createFlow>[0]) {
  const flowId = await createFlow(request, writerReview());
  await runToEnd(request, flowId, "First brief", [{ outcome: "approve" }]);
  await runToEnd(request, flowId, "Second brief", [{ outcome: "approve" }]);
  return flowId;
}

test("Sessions → Compare → back, by the link and by the browser, shows Sessions", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const flowId = await twoDifferentRuns(request);
  const sessions = page.getByRole("heading", { level: 1, name: "Sessions" });
  const rows = page.locator("tr[data-run-id]");
  const compared = page.getByRole("main").getByRole("status");

  await page.goto(`/#/sessions?flow=${flowId}`);
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await row.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Compare 2/2" }).click();
  await expect(compared).toContainText("rows differ");

  await page.getByRole("link", { name: "← Sessions" }).click();
  await expect(sessions).toBeVisible();
  await expect(page).toHaveURL(/#\/sessions$/);

  await page.goBack();
  await expect(compared).toContainText("rows differ");
  await page.goBack();
  await expect(sessions).toBeVisible();
  await expect(rows).toHaveCount(2);
  expect(errors).toEqual([]);
});

test("a page that throws shows what failed, and the way back works", async ({ page, request }) => {
  const flowId = await twoDifferentRuns(request);
  const runs = (await (await request.get(`/api/runs?flow=${flowId}`)).json()) as { runs: { id: string }[] };
  // Compare's first effect scrolls the first difference into view: make that throw.
  await page.addInitScript(() => {
    Element.prototype.scrollIntoView = () => {
      throw new Error("scrolling broke");
    };
  });
  await page.goto(`/#/compare/${runs.runs[0]!.id}/${runs.runs[1]!.id}`);
  const failed = page.getByRole("alert");
  await expect(failed.getByRole("heading", { name: "This page failed" })).toBeVisible();
  await expect(failed).toContainText("scrolling broke");
  await expect(failed.getByRole("button", { name: "Reload" })).toBeVisible();
  await page.screenshot({ path: "test-results/page-failed.png" });

  await failed.getByRole("link", { name: "Go to the sessions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
});
