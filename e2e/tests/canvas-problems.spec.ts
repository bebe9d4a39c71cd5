// Journeys from a problem to its fix: a problem clicked while the Run tab is open opens the
// Inspector on its element; an edge to a missing node is drawn (dashed, red) to a stand-in, so
// it can be selected and deleted; a new End node dropped meanwhile picks up no such edge.
import { templateById } from "@tandem/shared";
import { canvasGraph, createFlow, dropNode, expect, node, openEditor, test, uniqueName } from "../support/fixtures.js";

/** The writer/reviewer flow with its end node gone, and the edge to it left behind. */
function withoutEnd() {
  const flow = structuredClone(templateById("writer-review")!.flow);
  flow.name = uniqueName(flow.name);
  flow.nodes = flow.nodes.filter((n) => n.id !== "end");
  return flow;
}

test("a problem clicked while the Run tab is open opens the Inspector on its element", async ({ page, request }) => {
  const id = await createFlow(request, withoutEnd());
  await openEditor(page, id);
  await page.getByRole("tab", { name: "Run" }).click();
  await expect(page.getByRole("textbox", { name: "Run input" })).toBeVisible();

  await page.getByRole("button", { name: /edge goes to a missing node "end"/ }).click();
  await expect(page.getByRole("tab", { name: "Inspector" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("heading", { name: "Edge" })).toBeVisible();
  await expect(page.locator('.react-flow__edge[data-id="e_reviewer_end"]')).toHaveClass(/selected/);
});

test("an edge to a missing node is drawn dashed and red, and can be deleted; a new End node does not take it", async ({ page, request }) => {
  const id = await createFlow(request, withoutEnd());
  await openEditor(page, id);
  const stand = node(page, "end");
  await expect(stand).toContainText("Missing node");
  await expect(stand).toHaveAttribute("aria-label", "Missing node end");
  const edge = page.locator('.react-flow__edge[data-id="e_reviewer_end"]');
  await expect(edge).toBeVisible();
  await expect(edge.locator(".react-flow__edge-path")).toHaveCSS("stroke-dasharray", "5px, 4px");
  await expect(edge.locator(".react-flow__edge-path")).toHaveCSS("stroke", "rgb(220, 38, 38)");
  await page.screenshot({ path: test.info().outputPath("missing-node.png") });

  // A new End node arrives unconnected, under a fresh id; the broken edge stays broken and in view.
  await dropNode(page, "End", 200, 560);
  await expect(node(page, "end_2")).toContainText("End");
  expect((await canvasGraph(page)).edges).toContain("Edge from reviewer to end: 1 · approve");
  await expect(stand).toContainText("Missing node");
  await expect(page.getByRole("button", { name: /edge goes to a missing node "end"/ })).toBeVisible();

  // Select the broken edge by its label and delete it: the stand-in goes with it.
  await page.locator('.edge-label[data-edge="e_reviewer_end"]').click();
  await expect(page.getByRole("heading", { name: "Edge" })).toBeVisible();
  await page.keyboard.press("Delete");
  await expect(edge).toHaveCount(0);
  await expect(stand).toHaveCount(0);
  await expect(page.getByRole("button", { name: /missing node/ })).toHaveCount(0);
});
