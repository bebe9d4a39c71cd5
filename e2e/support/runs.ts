// Helpers for the run journeys: flows to run, starting a run from the editor, and what the
// run panel shows.
import { templateById, type Flow } from "@tandem/shared";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { expect, mod, uniqueName } from "./fixtures.js";

/** The writer/reviewer template under a unique name: offline, the writer's replies come from the
 *  scripted model's demo text, which answers the input and quotes the reviewer's feedback. */
export function writerReview(): Flow {
  const flow = structuredClone(templateById("writer-review")!.flow);
  flow.name = uniqueName(flow.name);
  return flow;
}

/** start → one scripted agent → end. */
export function oneAgent(reply: string, options: { name?: string; model?: string } = {}): Flow {
  return {
    schemaVersion: 2,
    name: uniqueName(options.name ?? "One agent"),
    maxSteps: 10,
    nodes: [
      { id: "user", type: "start", position: { x: 0, y: 100 }, data: { name: "user" } },
      { id: "writer", type: "agent", position: { x: 240, y: 100 }, data: { name: "writer", model: options.model ?? "scripted/demo", systemMessage: "Write.", script: [reply] } },
      { id: "end", type: "end", position: { x: 540, y: 100 }, data: { name: "end" } },
    ],
    edges: [
      { id: "e1", source: "user", target: "writer", data: {} },
      { id: "e2", source: "writer", target: "end", data: {} },
    ],
  };
}

/** "w1 w2 … wN": a long reply in which a missing or doubled word shows. */
export const numberedWords = (n: number) => Array.from({ length: n }, (_, i) => `w${i + 1}`).join(" ");

/** Starts a run of a saved flow through the API; returns its id. */
export async function startRunApi(request: APIRequestContext, flowId: string, input: string, options: { stepMode?: boolean; breakpoints?: string[] } = {}): Promise<string> {
  const response = await request.post(`/api/flows/${flowId}/runs`, { data: { input, ...options } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { runId: string }).runId;
}

export async function openRun(page: Page, flowId: string, runId: string) {
  await page.goto(`/#/flows/${flowId}/runs/${runId}`);
  await expect(page.getByRole("region", { name: "Run", exact: true })).toBeVisible();
}

/**
 * Opens the editor, types the input in the run panel and starts the run; returns the run id.
 * With `keys`, Ctrl/⌘+Enter both opens the run panel (nothing typed yet) and starts the run.
 */
export async function runFromEditor(page: Page, flowId: string, input: string, options: { stepMode?: boolean; keys?: boolean } = {}): Promise<string> {
  await page.goto(`/#/flows/${flowId}`);
  const field = page.getByRole("textbox", { name: "Run input" });
  if (options.keys) {
    await page.locator(".react-flow__pane").click();
    await page.keyboard.press(`${mod}+Enter`);
    await expect(field).toBeFocused();
  } else {
    await page.getByRole("button", { name: "Run", exact: true }).click();
  }
  await field.fill(input);
  if (options.stepMode) await page.getByRole("checkbox", { name: "Step through" }).check();
  if (options.keys) await field.press(`${mod}+Enter`);
  else await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  return decodeURIComponent(page.url().split("/runs/")[1]!);
}

export const runStatus = (page: Page): Locator => page.locator(".run-badge");
export const transcript = (page: Page): Locator => page.getByRole("list", { name: "Transcript" });
export const humanCard = (page: Page, node = "reviewer"): Locator => page.getByRole("region", { name: `${node} needs a person` });
/** The messages a node wrote, in order (finished ones, not the one streaming). */
export const messagesOf = (page: Page, name: string): Locator => transcript(page).locator("li.msg[data-seq]").filter({ has: page.locator(".msg-name", { hasText: new RegExp(`^${name}$`) }) });
export const streaming = (page: Page): Locator => transcript(page).locator("[data-streaming]");
export const nodeMark = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"] .run-mark`);

/** Records every distinct text the element at `selector` shows, as the page changes. */
export async function watchTexts(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.evaluate((sel) => {
    const seen = new Set<string>();
    const w = window as unknown as { __texts?: Record<string, Set<string>> };
    (w.__texts ??= {})[sel] = seen;
    new MutationObserver(() => {
      const el = document.querySelector(sel);
      if (el) seen.add(el.textContent ?? "");
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, selector);
  return () => page.evaluate((sel) => [...(window as unknown as { __texts: Record<string, Set<string>> }).__texts[sel]!], selector);
}

/** Counts the distinct texts of the streaming message, to show that a reply arrives in pieces. */
export async function watchStreaming(page: Page) {
  const texts = await watchTexts(page, "[data-streaming]");
  return async () => (await texts()).length;
}
