// Journeys on a server without accounts (names typed in the browser): a question taken on in one
// browser shows "taken by" in another and on the tasks page, and is let go again; a quorum
// question shows its votes and who cast them in both, and the second approval decides it.
import type { Browser, Page } from "@playwright/test";
import type { Flow } from "@tandem/shared";
import { ANSWER_NAME, createFlow, expect, test, uniqueName } from "../support/fixtures.js";
import { humanCard, messagesOf, openRun, runStatus, startRunApi, writerReview } from "../support/runs.js";

/** The writer/reviewer template, its reviewer for legal, decided by `quorum` approvals when given. */
function legalReview(quorum?: number): Flow {
  const flow = writerReview();
  for (const n of flow.nodes) {
    if (n.type !== "human") continue;
    n.data.assignees = { users: [], roles: ["legal"] };
    if (quorum) n.data.quorum = { count: quorum, outcome: "approve" };
  }
  return flow;
}

/** A second browser whose person answers as `name`. */
async function secondPerson(browser: Browser, baseURL: string, name: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  await context.addInitScript((n) => origin !== "null" && localStorage.setItem("tandem.answerName", n), name);
  return context.newPage();
}

test("a question taken on in one browser shows who took it in another and on the tasks page, until let go", async ({ page, browser, baseURL, request }, testInfo) => {
  // Two browsers on a machine that may be busy: the bound is three times the usual.
  test.slow();
  const flowId = await createFlow(request, legalReview());
  // An input no other run of the suite has: the tasks list shows it.
  const input = uniqueName("A tagline about claims");
  const runId = await startRunApi(request, flowId, input);
  const other = await secondPerson(browser, baseURL!, "Ana");
  await openRun(page, flowId, runId);
  await openRun(other, flowId, runId);

  const mine = humanCard(page);
  await expect(mine).toContainText("For legal");
  await mine.getByRole("button", { name: "Take it on" }).click();
  await expect(mine).toContainText(`taken by ${ANSWER_NAME}`);
  await expect(humanCard(other)).toContainText(`taken by ${ANSWER_NAME}`);
  await humanCard(other).screenshot({ path: testInfo.outputPath("claimed-card.png") });

  await other.goto("/#/tasks");
  const task = other.locator(".task-item").filter({ hasText: input });
  await expect(task).toContainText(`for legal · taken by ${ANSWER_NAME}`);
  const letGo = task.getByRole("button", { name: /^Let go of reviewer/ });
  await expect(letGo).toBeVisible();
  // The button is part of its card: inside the card's border, under the card's text.
  const [card, button, text] = await Promise.all([task.boundingBox(), letGo.boundingBox(), task.locator(".task").boundingBox()]);
  expect(await task.evaluate((el) => getComputedStyle(el).borderTopWidth)).not.toBe("0px");
  expect(button!.y).toBeGreaterThanOrEqual(text!.y + text!.height - 1);
  expect(button!.y + button!.height).toBeLessThanOrEqual(card!.y + card!.height);
  expect(button!.x).toBeGreaterThan(card!.x);
  await other.locator(".tasks-page").screenshot({ path: testInfo.outputPath("tasks-claimed.png") });

  await mine.getByRole("button", { name: "Let go" }).click();
  await expect(mine.getByRole("button", { name: "Take it on" })).toBeVisible();
  await expect(task).not.toContainText("taken by");
  await other.context().close();
});

test("a quorum of two: each vote shows with who cast it in both browsers, and the second approval decides", async ({ page, request, browser, baseURL }, testInfo) => {
  test.slow();
  const flowId = await createFlow(request, legalReview(2));
  const runId = await startRunApi(request, flowId, "A tagline for two approvals");
  const ana = await secondPerson(browser, baseURL!, "Ana");
  await openRun(page, flowId, runId);
  await openRun(ana, flowId, runId);

  await expect(humanCard(page)).toContainText("0 of 2 approve");
  await humanCard(page).getByRole("button", { name: "Approve" }).click();
  for (const p of [page, ana]) {
    await expect(humanCard(p)).toContainText("1 of 2 approve");
    await expect(humanCard(p).getByRole("list", { name: "Votes" })).toContainText(`${ANSWER_NAME}: approve`);
  }
  await humanCard(ana).screenshot({ path: testInfo.outputPath("quorum-card.png") });
  await humanCard(ana).getByRole("button", { name: "Approve" }).click();
  await expect(runStatus(ana)).toHaveText("Completed");
  await expect(messagesOf(page, "reviewer").first()).toContainText("answered by Ana");
  await ana.context().close();
});
