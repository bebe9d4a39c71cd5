// Journeys: a fork listed at its own time with links to its replay, parent and comparison; the
// Sessions list and replay polish (whole rows open, the address follows the cursor, the `?`
// sheet, sentence case).
import type { RunEvent } from "@tandem/shared";
import { createFlow, expect, test } from "../support/fixtures.js";
import { startRunApi, writerReview } from "../support/runs.js";
import { getRun, runToEnd, timeline, waitForRun } from "../support/sessions.js";

const HOUR = 3_600_000;

test("a fork made now of a run from an hour ago is listed at its own time, and its live page links to its replay, parent and comparison", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  const waiting = await startRunApi(request, flowId, "An hour-old brief");
  await waitForRun(request, waiting, (r) => r.state.status === "waiting");
  // The parent: the same run as if it had started an hour ago (an export with its times moved back).
  const exported = (await (await request.get(`/api/runs/${waiting}/export`)).json()) as { events: RunEvent[] };
  exported.events = exported.events.map((e) => ({ ...e, at: e.at - HOUR }));
  const imported = await request.post("/api/runs/import", { data: exported });
  expect(imported.status()).toBe(201);
  const parent = ((await imported.json()) as { runId: string }).runId;
  const asked = (await getRun(request, parent)).events.find((e) => e.type === "human.requested")!.seq;
  const forked = await request.post(`/api/runs/${parent}/fork`, { data: { at: asked, answer: { outcome: "approve" } } });
  expect(forked.status()).toBe(201);
  const fork = ((await forked.json()) as { runId: string }).runId;
  await waitForRun(request, fork, (r) => r.state.finishStatus !== undefined);

  await page.goto(`/#/sessions?flow=${flowId}`);
  const row = (id: string) => page.locator(`tr[data-run-id="${id}"]`);
  const started = (id: string) => row(id).locator("td").nth(4);
  const duration = (id: string) => row(id).locator("td").nth(5);
  await expect(started(parent)).toHaveText("1 hour ago");
  await expect(started(fork)).toHaveText(/^(Now|\d+ seconds? ago)$/);
  await expect(duration(fork)).toHaveText(/^\d+(\.\d)? m?s$/);
  await expect(row(fork)).toContainText(`fork of ${parent.slice(0, 8)}`);
  // Sentence case as shown on screen (the rendered text, after any CSS).
  await expect(row(parent).locator(".run-status")).toHaveText("Needs a person", { useInnerText: true });
  await expect(row(parent).locator(".human-wait")).toHaveText("Waits for reviewer", { useInnerText: true });
  await page.screenshot({ path: "test-results/sessions-fork.png" });

  await page.goto(`/#/runs/${fork}`);
  const links = page.getByRole("navigation", { name: "This fork" });
  await expect(links.getByRole("link", { name: "Replay" })).toHaveAttribute("href", `#/sessions/${fork}`);
  await expect(links.getByRole("link", { name: `Parent run ${parent.slice(0, 8)}` })).toHaveAttribute("href", `#/sessions/${parent}`);
  await expect(page.getByRole("link", { name: "Back to flows" })).toHaveAttribute("href", "#/flows");
  await page.screenshot({ path: "test-results/fork-run-page.png" });
  await links.getByRole("link", { name: "Compare with the parent" }).click();
  await expect(page).toHaveURL(new RegExp(`#/compare/${parent}/${fork}$`));
  await expect(page.getByRole("main").getByRole("status")).toContainText("rows differ");
});

test("Sessions rows open by a click anywhere or the keyboard; the replay's address follows the cursor; ? lists the shortcuts", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  const record = await runToEnd(request, flowId, "A brief for the list", [{ outcome: "approve" }]);
  const runId = record.run.id;

  await page.goto(`/#/sessions?flow=${flowId}`);
  const row = page.locator(`tr[data-run-id="${runId}"]`);
  // Sentence case: the time and status read as labels.
  await expect(row.locator("td").nth(4)).toHaveText(/^(Now|\d+ seconds? ago)$/);
  await expect(row.locator("td").nth(2)).toHaveText("Completed");

  // `?` opens the list of keys; Escape closes it.
  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole("region", { name: "Runs" })).toContainText("F10");
  await expect(sheet.getByRole("region", { name: "Replay timeline (when focused)" })).toContainText("PageUp, PageDown");
  await page.screenshot({ path: "test-results/shortcut-sheet.png" });
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  // Typed into a field, `?` is just a character.
  const search = page.getByRole("searchbox");
  await search.press("?");
  await expect(search).toHaveValue("?");
  await expect(sheet).toBeHidden();
  await search.fill("");
  await expect(page).toHaveURL(new RegExp(`#/sessions\\?flow=${flowId}$`));

  // A click on a cell that is not a link opens the replay.
  await row.locator("td.num").first().click();
  await expect(page).toHaveURL(new RegExp(`#/sessions/${runId}$`));
  await expect(timeline(page)).toBeVisible();

  // The keyboard reaches the row's link.
  await page.goBack();
  await row.getByRole("link", { name: record.run.flowName }).focus();
  await page.keyboard.press("Enter");
  await expect(timeline(page)).toBeVisible();

  // The address follows the cursor, and opens there.
  await timeline(page).focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", "3");
  await expect(page).toHaveURL(new RegExp(`#/sessions/${runId}\\?at=3$`));
  await page.reload();
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", "3");
  // At the end, the address names no event.
  await timeline(page).focus();
  await page.keyboard.press("End");
  await expect(page).toHaveURL(new RegExp(`#/sessions/${runId}$`));
});

test("the address written as the cursor rests never takes the reader back to a replay they have left", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  const left = await runToEnd(request, flowId, "The replay left behind", [{ outcome: "approve" }]);
  const next = await runToEnd(request, flowId, "The replay gone to", [{ outcome: "approve" }]);
  await page.clock.install();
  await page.goto(`/#/sessions/${left.run.id}`);
  await expect(timeline(page)).toBeVisible();
  // The cursor moves: its address is written once it has rested.
  await timeline(page).focus();
  await page.keyboard.press("Home");
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", "1");
  // The reader is at another address before that, and the page has not gone yet (no hashchange: it is still this replay).
  await page.evaluate((runId) => history.pushState(null, "", `#/sessions/${runId}`), next.run.id);
  await page.clock.runFor(1000);
  expect(page.url()).toMatch(new RegExp(`#/sessions/${next.run.id}$`));
});
