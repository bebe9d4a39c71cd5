// Journey: evaluations. Two finished runs of a writer/reviewer flow are ticked in Sessions and made
// a dataset; the flow's version 1 and a changed version 2 (the review ends the run, whatever it
// says) are evaluated against the recordings; Compare marks the case whose outcome and pass changed. A JSON-lines file is imported,
// and a broken one is refused naming its line.
import type { Flow } from "@tandem/shared";
import { expectNoSeriousViolations } from "../support/a11y.js";
import { createFlow, expect, getFlow, test, uniqueName } from "../support/fixtures.js";
import { writerReview } from "../support/runs.js";
import { runToEnd } from "../support/sessions.js";

/** The flow whose review always ends it: "revise" no longer goes back to the writer. */
function reviewEnds(flow: Flow): Flow {
  return { ...flow, edges: [...flow.edges.filter((e) => e.source !== "reviewer"), { id: "e_reviewer_end", source: "reviewer", target: "end", data: {} }] };
}

test("a dataset from two runs, version 1 against a changed version 2, compared case by case", async ({ page, request }) => {
  // A long journey: two runs, a dataset, two evaluations and a comparison on a shared machine.
  test.slow();
  const flowId = await createFlow(request, writerReview());
  const approved = uniqueName("Launch note");
  const revised = uniqueName("Pricing note");
  await runToEnd(request, flowId, approved, [{ outcome: "approve", by: "kim" }]);
  await runToEnd(request, flowId, revised, [
    { outcome: "revise", text: "Shorter, please.", by: "kim" },
    { outcome: "approve", by: "kim" },
  ]);
  const v1 = await getFlow(request, flowId);
  const saved = await request.put(`/api/flows/${flowId}`, { data: { flow: reviewEnds(v1.flow), baseVersion: v1.version } });
  expect(saved.ok()).toBe(true);

  // Sessions: tick both runs, Make dataset, both expected to end approved.
  await page.goto(`/#/sessions?flow=${flowId}`);
  const rows = page.locator("tr[data-run-id]");
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await row.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Make dataset (2)" }).click();
  const make = page.getByRole("dialog", { name: "Make a dataset of 2 runs" });
  const datasetName = uniqueName("Notes");
  await make.getByRole("textbox", { name: "Name" }).fill(datasetName);
  for (const input of [approved, revised]) await make.getByRole("group", { name: new RegExp(input) }).getByRole("textbox", { name: "Expected outcome" }).fill("approve");
  await make.getByRole("button", { name: "Make dataset" }).click();

  // The dataset: its two cases, each linked to its run.
  await expect(page.getByRole("heading", { level: 1, name: datasetName })).toBeVisible();
  const cases = page.getByRole("region", { name: "Cases" }).locator("tr[data-case-id]");
  await expect(cases).toHaveCount(2);
  await expect(cases.filter({ hasText: approved })).toContainText("outcome approve");
  await expect(cases.filter({ hasText: revised })).toContainText("outcome approve");
  await expect(cases.filter({ hasText: revised }).getByRole("link", { name: /^run / })).toBeVisible();
  const datasetUrl = page.url();

  // Version 1, hermetic: both cases replay to "approve", and pass.
  const report = await evaluate(page, flowId, 1);
  await expect(report.getByRole("heading", { level: 1 })).toContainText("v1");
  await expect(page.locator(".eval-progress")).toHaveCount(0);
  await expect(summaryFigure(page, "Outcome")).toHaveText("2 of 2 (100%)");
  await expect(summaryFigure(page, "Threshold")).toHaveText("Meets 100%");
  const resultRows = page.getByRole("region", { name: "Cases" }).locator("tr[data-case-id]");
  for (const input of [approved, revised]) await expect(resultRows.filter({ hasText: input }).locator(".score")).toHaveText("pass");
  await expectNoSeriousViolations(page);

  // Version 2: the recorded "revise" now ends the run, so that case fails; the other is as before.
  await page.goto(datasetUrl);
  await evaluate(page, flowId, 2);
  await expect(page.locator(".eval-progress")).toHaveCount(0);
  await expect(summaryFigure(page, "Outcome")).toHaveText("1 of 2 (50%)");
  await expect(summaryFigure(page, "Threshold")).toHaveText("Below 100%");
  await expect(resultRows.filter({ hasText: revised })).toContainText("revise");
  await expect(resultRows.filter({ hasText: revised }).locator(".score")).toHaveText("fail");
  await expect(resultRows.filter({ hasText: approved }).locator(".score")).toHaveText("pass");

  // Compare the two (v1 as A, the older): the revised case changed outcome and pass, costs fewer
  // tokens, and is marked and listed first.
  await page.goto(datasetUrl);
  const evaluations = page.getByRole("region", { name: "Evaluations" }).getByRole("checkbox");
  await expect(evaluations).toHaveCount(2);
  for (const box of await evaluations.all()) await box.check();
  await page.getByRole("button", { name: "Compare 2/2" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Compare evaluations" })).toBeVisible();
  const compared = page.locator("tr[data-case-id]");
  await expect(compared).toHaveCount(2);
  await expect(page.getByRole("status").filter({ hasText: "changed" })).toHaveText("1 of 2 cases changed.");
  await expect(compared.first()).toContainText(revised);
  await expect(compared.first()).toHaveAttribute("data-changed", "true");
  await expect(compared.first().locator(".change-mark")).toContainText(["outcome changed", "pass changed", /^tokens −/, /^length /]);
  await expect(compared.nth(1)).toHaveAttribute("data-changed", "false");
  await expect(compared.nth(1)).toContainText("Same");
  await page.getByRole("checkbox", { name: "Changed only" }).check();
  await expect(compared).toHaveCount(1);
  await expect(compared.first()).toContainText(revised);
  await expectNoSeriousViolations(page);
});

test("import a JSON-lines file as a dataset; a broken line is named and nothing is made", async ({ page }) => {
  await page.goto("/#/evals");
  await expect(page.getByRole("heading", { level: 1, name: "Evaluations" })).toBeVisible();
  const name = uniqueName("tickets").replace(/\s/g, "-");
  const broken = ['{"input": "Refund my order"}', '{"input": "Where is my parcel", }'].join("\n");
  await page.getByTestId("import-dataset-file").setInputFiles({ name: `${name}.jsonl`, mimeType: "application/jsonl", buffer: Buffer.from(broken) });
  await expect(page.getByRole("alert")).toContainText("line 2");
  await expect(page.getByRole("alert")).toContainText("No dataset was made.");
  await expect(page.getByRole("link", { name })).toHaveCount(0);

  const good = ['{"input": "Refund my order", "expected": {"outcome": "approve"}}', '{"input": "Where is my parcel", "expected": {"contains": "tracking"}}'].join("\n");
  await page.getByTestId("import-dataset-file").setInputFiles({ name: `${name}.jsonl`, mimeType: "application/jsonl", buffer: Buffer.from(good) });
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const cases = page.getByRole("region", { name: "Cases" }).locator("tr[data-case-id]");
  await expect(cases).toHaveCount(2);
  await expect(cases.nth(0)).toContainText("outcome approve");
  await expect(cases.nth(1)).toContainText("contains “tracking”");
  await expect(cases.nth(1)).toContainText("The file");
  await expectNoSeriousViolations(page);

  await page.getByRole("link", { name: "← Evaluations" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("2");
});

/** Runs an evaluation of `version` from the open dataset (recorded models and people, the outcome
 *  scored, threshold 100%) and waits on its report until it is done. */
async function evaluate(page: import("@playwright/test").Page, flowId: string, version: number) {
  await page.getByRole("button", { name: "Run evaluation" }).click();
  const dialog = page.getByRole("dialog", { name: "Run evaluation" });
  await dialog.getByRole("combobox", { name: "Flow" }).selectOption(flowId);
  await dialog.getByRole("combobox", { name: "Version" }).selectOption(String(version));
  await expect(dialog.getByRole("radio", { name: "From the recording (hermetic)" })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: "Outcome" })).toBeChecked();
  await dialog.getByRole("textbox", { name: "Threshold (%)" }).fill("100");
  await dialog.getByRole("button", { name: "Run evaluation" }).click();
  await expect(page).toHaveURL(/#\/evals\/reports\//);
  return page.locator(".evals-page");
}

const summaryFigure = (page: import("@playwright/test").Page, name: string) =>
  page.getByRole("region", { name: "Summary" }).locator(".eval-figures > div").filter({ has: page.locator("dt", { hasText: new RegExp(`^${name}$`) }) }).locator("dd");
