// Journeys around the canvas: edge order, unsaved-changes guard, keyboard use, flows page actions.
import { templates } from "@tandem/shared";
import { createFlow, expect, getFlow, mod, node, openEditor, test, uniqueName } from "../support/fixtures.js";

test("an edge's order among its siblings is shown and can be changed", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "fallback")!.flow);
  await openEditor(page, id);
  await expect(page.locator(".edge-label")).toHaveText(["1 · contains: verdict: pass", "2 · otherwise", "3 · otherwise"]);
  await page.locator(".edge-label", { hasText: "3 · otherwise" }).click();
  await expect(page.getByText("3 of 3")).toBeVisible();
  await page.getByRole("button", { name: "Move earlier" }).click();
  await expect(page.getByText("2 of 3")).toBeVisible();
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText("Saved version 2")).toBeVisible();
  const saved = await getFlow(request, id);
  expect(saved.flow.edges.filter((e) => e.source === "checker").map((e) => e.target)).toEqual(["end", "operator", "worker"]);
});

test("leaving with unsaved changes asks first", async ({ page, request }) => {
  const name = uniqueName("Guarded flow");
  const id = await createFlow(request, { ...templates.find((t) => t.id === "escalation")!.flow, name });
  await page.goto("/");
  await page.getByRole("link", { name }).click();
  await node(page, "assistant").click();
  await page.getByLabel("Name").fill("helper");
  await page.getByRole("link", { name: "Back to flows" }).click();
  const dialog = page.getByRole("dialog", { name: "Leave without saving?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Stay" }).click();
  await expect(page).toHaveURL(new RegExp(`#/flows/${id}$`));
  await expect(node(page, "assistant")).toContainText("helper");

  // The browser's Back button is asked too.
  await page.goBack();
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/flows/${id}$`));
  await dialog.getByRole("button", { name: "Leave without saving" }).click();
  await expect(page.getByRole("heading", { name: "Flows", level: 1 })).toBeVisible();
  expect((await getFlow(request, id)).version).toBe(1);
});

test("closing the tab with unsaved changes asks the browser to confirm", async ({ page, request }) => {
  const id = await createFlow(request, templates[0]!.flow);
  await openEditor(page, id);
  await node(page, "writer").click();
  await page.getByLabel("Name").fill("author");
  const asked = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss();
});

test("the editor works from the keyboard", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "writer-review")!.flow);
  await openEditor(page, id);
  await expect(page.getByRole("button", { name: "Add Agent node" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Auto-layout" })).toBeVisible();

  const writer = page.getByRole("group", { name: "Agent node writer" });
  await writer.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("id: writer")).toBeVisible();
  const before = await writer.boundingBox();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect.poll(async () => (await writer.boundingBox())!.y).toBeGreaterThan(before!.y);
  // Held arrows are one undo step.
  await page.keyboard.press(`${mod}+z`);
  await expect.poll(async () => (await writer.boundingBox())!.y).toBe(before!.y);
  await writer.focus();
  await page.keyboard.press("Delete");
  await expect(writer).toHaveCount(0);
});

test("auto-layout arranges the nodes in one undo step", async ({ page, request }) => {
  const flow = structuredClone(templates.find((t) => t.id === "qa-review")!.flow);
  flow.nodes.forEach((n, i) => (n.position = { x: 0, y: i * 7 }));
  const id = await createFlow(request, flow);
  await openEditor(page, id);
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText("Saved version 2")).toBeVisible();
  const xs = (await getFlow(request, id)).flow.nodes.map((n) => n.position.x);
  expect(new Set(xs).size).toBeGreaterThanOrEqual(4);
});

test("flows page: rename, duplicate, delete with confirm", async ({ page, request }) => {
  const name = uniqueName("Page actions flow");
  const renamed = uniqueName("Renamed flow");
  const copy = `${renamed} (copy)`;
  await createFlow(request, { ...templates[0]!.flow, name });
  await page.goto("/");
  await page.getByRole("button", { name: `Rename ${name}` }).click();
  await page.getByLabel("New name").fill(renamed);
  await page.getByLabel("New name").press("Enter");
  await expect(page.getByRole("link", { name: renamed, exact: true })).toBeVisible();

  await page.getByRole("button", { name: `Duplicate ${renamed}`, exact: true }).click();
  await expect(page.getByRole("link", { name: copy })).toBeVisible();

  await page.getByRole("button", { name: `Delete ${copy}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete "${copy}"?` });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("link", { name: copy })).toBeVisible();
  await page.getByRole("button", { name: `Delete ${copy}` }).click();
  await dialog.getByRole("button", { name: "Delete flow" }).click();
  await expect(page.getByRole("link", { name: copy })).toHaveCount(0);
  await expect(page.getByRole("link", { name: renamed, exact: true })).toBeVisible();
});
