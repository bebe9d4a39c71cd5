// The test object of the journeys: the server's URL as baseURL, and small page helpers.
import { test as base, expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import type { Flow } from "@tandem/shared";

/** Who the journeys answer as. The studio asks each browser once for a name; the tests of that
 *  question open a context of their own, which starts without one. */
export const ANSWER_NAME = "Tess";

export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env.TANDEM_URL;
    if (!url) throw new Error("TANDEM_URL is not set: run the tests through playwright.config.ts (its global setup starts the server)");
    await use(url);
  },
  context: async ({ context }, use) => {
    await context.addInitScript((name) => {
      // Only where the page may keep data (not about:blank), and never over a name a test gave.
      if (origin !== "null" && localStorage.getItem("tandem.answerName") === null) localStorage.setItem("tandem.answerName", name);
    }, ANSWER_NAME);
    await use(context);
  },
});
export { expect };

/** Stores a flow through the API and returns its id. */
export async function createFlow(request: APIRequestContext, flow: Flow): Promise<string> {
  const response = await request.post("/api/flows", { data: { flow } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

export async function getFlow(request: APIRequestContext, id: string): Promise<{ version: number; valid: boolean; flow: Flow }> {
  const response = await request.get(`/api/flows/${id}`);
  expect(response.ok()).toBe(true);
  return response.json();
}

export async function openEditor(page: Page, id: string) {
  await page.goto(`/#/flows/${id}`);
  await expect(page.getByRole("banner", { name: "Editor" })).toBeVisible();
}

export const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
export const canvas = (page: Page): Locator => page.locator(".canvas .react-flow__pane");

/** Drags a kind from the palette onto the canvas (real HTML5 drag and drop). */
export async function dropNode(page: Page, kind: "Start" | "Agent" | "Human" | "End", x: number, y: number) {
  await page.getByRole("button", { name: `Add ${kind} node` }).dragTo(canvas(page), { targetPosition: { x, y } });
}

/** Drags from one node's output handle to another's input handle. */
export async function connect(page: Page, from: string, to: string) {
  const source = await node(page, from).locator(".react-flow__handle.source").boundingBox();
  const target = await node(page, to).locator(".react-flow__handle.target").boundingBox();
  if (!source || !target) throw new Error(`handles of ${from} or ${to} are not on screen`);
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** What the canvas shows: nodes by id and name, edges by ends and label. */
export async function canvasGraph(page: Page) {
  const nodes = await page.locator(".react-flow__node").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-id")}: ${e.getAttribute("aria-label")}`).sort());
  const edges = await page.locator(".react-flow__edge").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? "").sort());
  return { nodes, edges };
}

/** A flow name no other test (or repeat) on the shared server uses. */
export const uniqueName = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

export const mod = process.platform === "darwin" ? "Meta" : "Control";
