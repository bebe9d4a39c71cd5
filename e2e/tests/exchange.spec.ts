// Journey: export a flow, import the file, export again: the same JSON. Bad files change nothing.
import { readFile } from "node:fs/promises";
import { templates } from "@tandem/shared";
import type { Page } from "@playwright/test";
import { createFlow, expect, openEditor, test, uniqueName } from "../support/fixtures.js";

async function exportFromEditor(page: Page): Promise<string> {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  return readFile(await (await download).path(), "utf8");
}

async function importText(page: Page, name: string, text: string) {
  await page.getByTestId("import-file").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
}

test("export then import gives identical JSON", async ({ page, request }) => {
  const id = await createFlow(request, templates.find((t) => t.id === "fallback")!.flow);
  await openEditor(page, id);
  const exported = await exportFromEditor(page);
  const doc = JSON.parse(exported);
  expect(doc.schemaVersion).toBe(2);
  expect(doc.id).toBeUndefined();

  await page.getByRole("link", { name: "Back to flows" }).click();
  await importText(page, "fallback.flow.json", exported);
  await expect(page).not.toHaveURL(new RegExp(`${id}$`));
  await expect(page).toHaveURL(/#\/flows\/[^/]+$/);
  await expect(page.locator(".react-flow__node")).toHaveCount(5);
  expect(await exportFromEditor(page)).toBe(exported);
});

test("a file from the flows page exports the same document as the editor", async ({ page, request }) => {
  const flow = templates.find((t) => t.id === "qa-review")!.flow;
  const name = uniqueName("Exported from the list");
  const id = await createFlow(request, { ...flow, name });
  await page.goto("/");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: `Export ${name}` }).click();
  const fromList = await readFile(await (await download).path(), "utf8");
  await openEditor(page, id);
  expect(await exportFromEditor(page)).toBe(fromList);
});

test("bad imports say why and save nothing", async ({ page, request }) => {
  await page.goto("/");
  // Other tests save flows meanwhile, so "nothing saved" is checked as: the page sent no save.
  const saves: string[] = [];
  page.on("request", (r) => r.method() !== "GET" && r.url().includes("/api/flows") && saves.push(r.url()));

  await importText(page, "notes.json", "this is not json {");
  await expect(page.getByRole("alert")).toContainText("Could not import notes.json. This is not JSON");
  await expect(page.getByRole("alert")).toContainText("Nothing was saved.");

  await importText(page, "other.json", JSON.stringify({ schemaVersion: 2, nodes: [{ id: "a", type: "robot" }], edges: "none" }));
  await expect(page.getByRole("alert")).toContainText("This JSON is not a valid Tandem flow");
  await expect(page.getByRole("alert")).toContainText("nodes[0]");
  await expect(page.getByRole("alert")).toContainText("edges");

  const newer = { ...templates[0]!.flow, name: "A flow from the future", schemaVersion: 99 };
  await importText(page, "future.json", JSON.stringify(newer));
  await expect(page.getByRole("alert")).toContainText("schema version 99, newer than this Tandem supports");

  expect(saves).toEqual([]);
  const { flows } = (await (await request.get("/api/flows")).json()) as { flows: { name: string }[] };
  expect(flows.map((f) => f.name)).not.toContain("A flow from the future");
  await expect(page).toHaveURL(/#\/flows$|\/$/);
});
