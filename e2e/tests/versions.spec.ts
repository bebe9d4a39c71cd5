// A flow's history in the editor: versions saved with messages are listed with who and when,
// two of them compared draw what was added, removed and changed on the canvas and side by side,
// and an old version is restored as the newest.
import { templates } from "@tandem/shared";
import { ANSWER_NAME, createFlow, expect, getFlow, node, openEditor, test, uniqueName } from "../support/fixtures.js";

test("save three versions with messages, compare the first with the third, restore the first", async ({ page, request }) => {
  const template = templates.find((t) => t.id === "writer-review")!.flow;
  const id = await createFlow(request, { ...template, name: uniqueName("Versions") });
  const first = await getFlow(request, id);
  await openEditor(page, id);
  const message = page.getByRole("textbox", { name: "Save message" });

  // Version 2: the writer's system message, saved with a message (Enter in the field saves).
  await node(page, "writer").click();
  await page.getByLabel("System message").fill("You write drafts of at most three sentences.");
  await message.fill("Shorter drafts");
  await message.press("Enter");
  await expect(page.getByText("Saved version 2")).toBeVisible();
  await expect(message).toHaveValue("");

  // Version 3: the reviewer goes (with its edges) and an agent comes; saved with the button.
  await node(page, "reviewer").click();
  await page.keyboard.press("Delete");
  await expect(node(page, "reviewer")).toHaveCount(0);
  await page.getByRole("button", { name: "Add Agent node" }).click();
  await message.fill("No review step; an editor instead");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved version 3")).toBeVisible();

  await page.getByRole("tab", { name: "History" }).click();
  const history = page.getByRole("region", { name: "History" });
  const version = (n: number) => history.getByRole("listitem", { name: `Version ${n}` });
  await expect(history.getByRole("listitem")).toHaveCount(3);
  await expect(version(3)).toContainText("No review step; an editor instead");
  await expect(version(3)).toContainText(`${ANSWER_NAME} · `);
  await expect(version(3)).toContainText("latest");
  await expect(version(2)).toContainText("Shorter drafts");
  await expect(version(2)).toContainText(ANSWER_NAME);
  await expect(version(1)).toContainText("No message");
  await expect(version(1).locator("time")).toHaveText(/ago|now/);

  // Compare 1 ↔ 3: marks on the canvas, the changes listed side by side.
  await version(1).getByRole("checkbox").check();
  await version(3).getByRole("checkbox").check();
  await history.getByRole("button", { name: "Show changes" }).click();
  const diff = page.getByRole("region", { name: "Changes from version 1 to version 3" });
  await expect(diff).toBeVisible();
  const drawn = diff.locator(".react-flow__node");
  await expect(diff.locator('.react-flow__node[data-id="writer"]')).toHaveClass(/diff-changed/);
  await expect(diff.locator('.react-flow__node[data-id="reviewer"]')).toHaveClass(/diff-removed/);
  await expect(diff.locator(".react-flow__node.diff-added")).toHaveCount(1);
  await expect(diff.locator('.react-flow__node[data-id="user"]')).not.toHaveClass(/diff-/);
  await expect(drawn).toHaveCount(5);
  // The reviewer's three edges are ghosts of version 1; writer → reviewer was one of them.
  await expect(diff.locator(".react-flow__edge.diff-removed")).toHaveCount(first.flow.edges.filter((e) => e.source === "reviewer" || e.target === "reviewer").length);

  const changes = diff.getByRole("region", { name: "Changes" });
  const writer = changes.getByRole("article", { name: "Changed: Agent writer" });
  await expect(writer.getByRole("columnheader")).toHaveText(["Setting", "v1", "v3"]);
  const row = writer.getByRole("row", { name: /System message/ });
  await expect(row.getByRole("cell").first()).toContainText("You write a short, clear draft");
  await expect(row.getByRole("cell").last()).toContainText("You write drafts of at most three sentences.");
  await expect(changes.getByRole("article", { name: "Removed: Human reviewer" })).toBeVisible();
  await expect(changes.getByRole("article", { name: /^Added: Agent / })).toBeVisible();
  await expect(changes.getByRole("article", { name: "Removed: Edge writer → reviewer" })).toBeVisible();

  await diff.getByRole("button", { name: "Close" }).click();
  await expect(diff).toHaveCount(0);

  // Restore version 1: confirmed, saved as version 4, and the editor shows it.
  await version(1).getByRole("button", { name: "Restore version 1" }).click();
  const confirm = page.getByRole("dialog", { name: "Restore version 1?" });
  await confirm.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("Restored version 1 as version 4")).toBeVisible();
  await expect(node(page, "reviewer")).toBeVisible();
  await expect(version(4)).toContainText("Restored version 1");
  await expect(history.getByRole("listitem")).toHaveCount(4);
  const restored = await getFlow(request, id);
  expect(restored.version).toBe(4);
  expect(restored.flow).toEqual(first.flow);
});
