// Journey: undo and redo over edits, a drag (one step), deletion and paste.
import { templates } from "@tandem/shared";
import { createFlow, expect, mod, node, openEditor, test } from "../support/fixtures.js";

const position = async (page: import("@playwright/test").Page, id: string) => {
  const box = await node(page, id).boundingBox();
  return { x: Math.round(box!.x), y: Math.round(box!.y) };
};

test("a drag is one undo step; undo and redo move the node back and forth", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "writer-review")!.flow);
  await openEditor(page, id);
  const undo = page.getByRole("button", { name: "Undo" });
  await expect(undo).toBeDisabled();

  const start = await position(page, "writer");
  await page.mouse.move(start.x + 60, start.y + 12);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(start.x + 60 + i * 6, start.y + 12 + i * 8);
  await page.mouse.up();
  const moved = await position(page, "writer");
  expect(moved.y - start.y).toBeGreaterThan(100);
  await expect(page.getByText("Unsaved changes")).toBeVisible();

  await page.keyboard.press(`${mod}+z`);
  await expect.poll(() => position(page, "writer")).toEqual(start);
  await expect(undo).toBeDisabled();
  await expect(page.getByText("Unsaved changes")).toBeHidden();
  await page.keyboard.press(`${mod}+Shift+z`);
  await expect.poll(() => position(page, "writer")).toEqual(moved);
});

test("delete, undo, redo, copy and paste", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "writer-review")!.flow);
  await openEditor(page, id);
  await expect(page.locator(".react-flow__edge")).toHaveCount(4);

  await node(page, "reviewer").click();
  await page.keyboard.press("Delete");
  await expect(node(page, "reviewer")).toHaveCount(0);
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await page.keyboard.press(`${mod}+z`);
  await expect(node(page, "reviewer")).toHaveCount(1);
  await expect(page.locator(".react-flow__edge")).toHaveCount(4);
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(node(page, "reviewer")).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();

  // Typing into a field is one step, not one per key. The keys come in one burst (typed over the
  // selected name): edits of a field a second apart or more are steps of their own.
  await node(page, "writer").click();
  await page.getByLabel("Name").selectText();
  await page.getByLabel("Name").pressSequentially("author");
  await expect(node(page, "writer")).toContainText("author");
  await page.keyboard.press(`${mod}+z`);
  await expect(node(page, "writer")).toContainText("writer");

  await node(page, "writer").click();
  await page.keyboard.press(`${mod}+c`);
  await page.keyboard.press(`${mod}+v`);
  await expect(page.locator(".react-flow__node")).toHaveCount(5);
  await expect(node(page, "writer_2")).toContainText("writer_2");
  await expect(node(page, "writer_2")).toHaveClass(/selected/);
  await page.keyboard.press(`${mod}+z`);
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
});

test("multi-select with Ctrl-click and delete both", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "qa-review")!.flow);
  await openEditor(page, id);
  await node(page, "qa").click();
  await node(page, "signoff").click({ modifiers: [mod] });
  await expect(page.getByRole("heading", { name: "2 nodes, 0 edges selected" })).toBeVisible();
  await page.keyboard.press("Delete");
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await page.keyboard.press(`${mod}+z`);
  await expect(page.locator(".react-flow__node")).toHaveCount(5);
});
