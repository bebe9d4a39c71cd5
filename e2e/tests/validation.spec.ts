// Journey: an invalid edit shows its problem at once; clicking the problem selects and focuses
// the node; saving keeps the flow as a draft marked invalid; a refused pattern says why.
import { templates } from "@tandem/shared";
import { createFlow, expect, getFlow, mod, node, openEditor, test } from "../support/fixtures.js";

test("an invalid edit shows the problem, and clicking it focuses the node", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "writer-review")!.flow);
  await openEditor(page, id);
  await expect(page.getByText("Ready to run")).toBeVisible();

  await node(page, "writer").click();
  await page.getByLabel("Model").fill("");
  const problem = page.getByRole("button", { name: /agent "writer" has no model/ });
  await expect(problem).toBeVisible();
  await expect(page.getByText("1 error")).toBeVisible();
  await expect(node(page, "writer").getByRole("img", { name: "has errors" })).toBeVisible();
  await expect(page.locator(".field-error")).toHaveText('agent "writer" has no model');

  // Select something else, then let the problem bring the writer back.
  await node(page, "reviewer").click();
  await expect(page.getByRole("heading", { name: "Human node" })).toBeVisible();
  await problem.click();
  await expect(page.getByRole("heading", { name: "Agent node" })).toBeVisible();
  await expect(page.getByText("id: writer")).toBeVisible();
  await expect(node(page, "writer")).toBeFocused();
  await expect(node(page, "writer")).toHaveClass(/selected/);

  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText(/Saved version 2 as a draft: 1 problem/)).toBeVisible();
  await expect(page.getByText("Draft · invalid")).toBeVisible();
  const saved = await getFlow(request, id);
  expect(saved.valid).toBe(false);
});

test("an edge problem is listed and selects the edge", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "writer-review")!.flow);
  await openEditor(page, id);
  await node(page, "reviewer").click();
  await page.getByLabel("Outcome 1", { exact: true }).fill("accept");
  // Renaming an outcome renames the condition that used it: still valid.
  await expect(page.locator(".edge-label").first()).toHaveText("1 · accept");
  await page.getByRole("button", { name: "Remove outcome accept" }).click();
  const problem = page.getByRole("button", { name: /"accept" is not one of reviewer's outcomes/ });
  await expect(problem).toBeVisible();
  await problem.click();
  await expect(page.getByRole("heading", { name: "Edge" })).toBeVisible();
  await expect(page.locator(".react-flow__edge.selected")).toHaveCount(1);
});

test("the JSON view applies only valid JSON of a valid shape", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "escalation")!.flow);
  await openEditor(page, id);
  await page.getByRole("button", { name: "Show JSON" }).click();
  const text = page.getByLabel("Flow JSON text");
  const json = await text.inputValue();
  expect(JSON.parse(json).name).toBe("Escalate to a person when unsure");

  await text.fill(json.replace('"maxSteps": 20', '"maxSteps": 20,'));
  await expect(page.getByRole("alert")).toContainText("This is not JSON");
  await expect(page.getByRole("button", { name: "Apply JSON" })).toBeDisabled();

  await text.fill(json.replace('"maxSteps": 20', '"maxSteps": "many"'));
  await expect(page.getByRole("alert")).toContainText("maxSteps");
  await expect(page.getByRole("button", { name: "Apply JSON" })).toBeDisabled();

  await text.fill(json.replace('"name": "Escalate to a person when unsure"', '"name": "Escalation, edited as JSON"'));
  await page.getByRole("button", { name: "Apply JSON" }).click();
  await expect(page.locator(".flow-name")).toHaveText("Escalation, edited as JSON");
  await page.getByRole("button", { name: "Show canvas" }).click();
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await page.keyboard.press(`${mod}+z`);
  await expect(page.locator(".flow-name")).toHaveText("Escalate to a person when unsure");
});

test("a regex edge says in its inspector why a pattern is refused", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "fallback")!.flow);
  await openEditor(page, id);
  await page.locator(".edge-label", { hasText: "1 · contains: verdict: pass" }).click();
  await page.getByLabel("Condition").selectOption("regex");
  const pattern = page.getByLabel("Pattern");
  await pattern.fill("^verdict: (?=pass)");
  await expect(page.locator(".field-error")).toHaveText("lookahead (?=…) is not supported; patterns run in linear time");
  await expect(pattern).toHaveAttribute("aria-invalid", "true");
  await pattern.fill("^verdict: (pass|ok)");
  await expect(page.locator(".field-error")).toHaveCount(0);
  await expect(page.getByText("Ready to run")).toBeVisible();
});
