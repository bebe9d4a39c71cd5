// Journeys: stepping through a run (step mode, Step, Continue, the keys), a breakpoint.
import { createFlow, expect, test } from "../support/fixtures.js";
import { humanCard, messagesOf, runFromEditor, runStatus, writerReview } from "../support/runs.js";

test("step mode: pause before each step, see what the next node receives, Step, then Continue", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  await runFromEditor(page, flowId, "A tagline for Tandem", { stepMode: true });

  await expect(runStatus(page)).toHaveText("Paused");
  const next = page.getByRole("region", { name: "Next input" });
  await expect(next).toContainText("Paused before writer");
  // What the model will be sent: the writer's system message, then the input.
  await expect(next.locator(".next-system")).toContainText("You write a short, clear draft");
  await expect(next.locator(".next-user")).toContainText("A tagline for Tandem");
  // The input's speaker is named "user": the label says it once.
  await expect(next.locator(".next-user .next-role")).toHaveText("user");
  await expect(page.locator('.react-flow__node[data-id="writer"] .run-mark')).toHaveText("Paused before");
  await expect(messagesOf(page, "writer")).toHaveCount(0);

  const step = page.getByRole("button", { name: "Step", exact: true });
  await expect(step).toHaveAttribute("title", /\(F10\)/);
  await expect(step).toHaveText("Step");
  await expect(page.getByRole("button", { name: "Continue" })).toHaveAttribute("title", /\(F8\)/);
  await expect(page.getByRole("button", { name: "Cancel", exact: true })).toHaveAttribute("title", /\(Shift\+F5\)/);
  await step.click();

  // One step: the writer ran, and the run paused again before the reviewer.
  await expect(next).toContainText("Paused before reviewer");
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  await expect(next).toContainText("A person will be asked");

  await page.keyboard.press("F8");
  await expect(humanCard(page)).toBeVisible();
  await expect(next).toHaveCount(0);
  await humanCard(page).getByRole("button", { name: "Approve" }).click();
  await expect(runStatus(page)).toHaveText("Completed");
});

test("a breakpoint set on a node (kept in this browser) pauses the run before it", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  await page.goto(`/#/flows/${flowId}`);
  const reviewer = page.locator('.react-flow__node[data-id="reviewer"]');
  await reviewer.hover();
  const toggle = page.getByRole("button", { name: "Breakpoint before reviewer" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  // Kept in this browser for this flow.
  await page.reload();
  await expect(page.getByRole("button", { name: "Breakpoint before reviewer" })).toHaveAttribute("aria-pressed", "true");

  await runFromEditor(page, flowId, "A tagline for Tandem");
  await expect(runStatus(page)).toHaveText("Paused");
  await expect(page.getByRole("region", { name: "Next input" })).toContainText("Paused before reviewer");
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  await expect(reviewer.locator(".node")).toHaveClass(/node-run-paused-before/);

  await page.getByRole("button", { name: "Continue" }).click();
  await expect(humanCard(page)).toBeVisible();
});
