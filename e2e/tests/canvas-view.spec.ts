// Journeys on the editor's canvas view: a node dropped on an empty canvas lands where it was
// dropped; a set breakpoint shows without hovering; the mini map keeps off the flow when the
// Problems panel grows.
import type { Flow } from "@tandem/shared";
import type { Page } from "@playwright/test";
import { canvas, createFlow, dropNode, expect, node, openEditor, test, uniqueName } from "../support/fixtures.js";

test("the first node dropped on an empty canvas lands where it was dropped", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "New blank flow" }).click();
  await expect(page.locator(".react-flow__node")).toHaveCount(0);
  // The Run tab and back: each fits the view, which must not wait for the first node.
  await page.getByRole("tab", { name: "Run" }).click();
  await page.getByRole("tab", { name: "Inspector" }).click();

  await dropNode(page, "Agent", 300, 200);
  const pane = (await canvas(page).boundingBox())!;
  // The pointer holds a new node by the middle of its header (100, 20 from its corner), at 100%.
  await expect.poll(async () => roundBox(await node(page, "agent_1").boundingBox())).toMatchObject({ x: Math.round(pane.x + 200), y: Math.round(pane.y + 180) });
  await dropNode(page, "End", 700, 400);
  await expect.poll(async () => roundBox(await node(page, "end").boundingBox())).toMatchObject({ x: Math.round(pane.x + 600), y: Math.round(pane.y + 380) });
  // The first node did not move when the second came.
  expect(roundBox(await node(page, "agent_1").boundingBox())).toMatchObject({ x: Math.round(pane.x + 200), y: Math.round(pane.y + 180) });
});

test("a set breakpoint shows without hovering its node", async ({ page, request }) => {
  const id = await createFlow(request, grid(1, 3));
  await openEditor(page, id);
  const dot = node(page, "a_0_1").getByRole("button", { name: "Breakpoint before a_0_1" });
  await node(page, "a_0_1").hover();
  await dot.click();
  await expect(dot).toHaveAttribute("aria-pressed", "true");
  await page.mouse.move(5, 5);
  await expect(dot).toHaveCSS("opacity", "1");
  await expect(dot).toBeVisible();
  // Nothing lies over it (a label, a handle, another node).
  const box = (await dot.boundingBox())!;
  expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute("aria-label"), { x: box.x + box.width / 2, y: box.y + box.height / 2 })).toBe("Breakpoint before a_0_1");
  // An unset one stays out of the way until its node is hovered.
  await expect(node(page, "a_0_0").locator(".breakpoint")).toHaveCSS("opacity", "0");
  await page.screenshot({ path: test.info().outputPath("breakpoint.png") });
});

test("the mini map covers no node or handle when the Problems panel grows", async ({ page, request }) => {
  // Agents without a model: an error each, so the Problems list is long.
  const id = await createFlow(request, grid(4, 4));
  await openEditor(page, id);
  const problems = page.locator(".problems");
  await expect(page.getByText(/\d+ errors/)).toBeVisible();
  await expect(page.locator(".problems-list")).toBeVisible();
  expect(await minimapCovers(page)).toEqual([]);

  // Fold the panel away, fit the flow to the tall canvas, then open the panel again.
  await page.locator(".problems-toggle").click();
  await expect(page.locator(".problems-list")).toHaveCount(0);
  await page.getByRole("button", { name: "Fit view" }).click();
  await expect.poll(() => minimapCovers(page)).toEqual([]);
  const folded = (await problems.boundingBox())!.height;
  await page.locator(".problems-toggle").click();
  await expect.poll(async () => (await problems.boundingBox())!.height).toBeGreaterThan(folded + 150);
  await expect.poll(() => minimapCovers(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath("minimap.png") });
});

const roundBox = (b: { x: number; y: number } | null) => b && { x: Math.round(b.x), y: Math.round(b.y) };

/** rows × columns agents with no model, the rows chained left to right. */
function grid(rows: number, columns: number): Flow {
  const nodes: Flow["nodes"] = [{ id: "user", type: "start", position: { x: -260, y: 0 }, data: { name: "user" } }];
  const edges: Flow["edges"] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const id = `a_${r}_${c}`;
      nodes.push({ id, type: "agent", position: { x: c * 300, y: r * 170 }, data: { name: id, model: "", systemMessage: "" } });
      edges.push({ id: `e_${id}`, source: c === 0 ? "user" : `a_${r}_${c - 1}`, target: id, data: {} });
    }
  }
  return { schemaVersion: 2, name: uniqueName("Grid"), maxSteps: 50, nodes, edges };
}

/** The nodes and handles the mini map lies over, as "node a_1_2" or "handle of a_1_2". */
async function minimapCovers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = document.querySelector(".react-flow__minimap")!.getBoundingClientRect();
    const meets = (r: DOMRect) => r.left < map.right && map.left < r.right && r.top < map.bottom && map.top < r.bottom;
    return [...document.querySelectorAll<HTMLElement>(".react-flow__node, .react-flow__handle")]
      .filter((el) => meets(el.getBoundingClientRect()))
      .map((el) => (el.classList.contains("react-flow__node") ? `node ${el.dataset.id}` : `handle of ${el.closest<HTMLElement>(".react-flow__node")?.dataset.id}`));
  });
}
