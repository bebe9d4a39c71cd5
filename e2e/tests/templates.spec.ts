// Journey: every template opens in the editor as a valid flow.
import { templates } from "@tandem/shared";
import { expect, test } from "../support/fixtures.js";

for (const template of templates) {
  test(`template "${template.title}" opens valid`, async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: `New flow from template ${template.title}` }).click();
    await expect(page).toHaveURL(/#\/flows\/[^/]+$/);
    await expect(page.locator(".flow-name")).toHaveText(template.flow.name);
    await expect(page.locator(".react-flow__node")).toHaveCount(template.flow.nodes.length);
    await expect(page.locator(".react-flow__edge")).toHaveCount(template.flow.edges.length);
    await expect(page.getByText("Ready to run")).toBeVisible();
    await expect(page.locator(".node.has-error, .node.has-warning")).toHaveCount(0);
    for (const human of template.flow.nodes.filter((n) => n.type === "human")) {
      await expect(page.getByRole("group", { name: `Human node ${human.data.name}` })).toContainText("Person in the loop");
    }
  });
}
