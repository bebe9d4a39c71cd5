// Journey: two accounts on one server. Dee, a designer, runs a writer/reviewer flow whose review
// is for the legal role; Dee cannot answer it. Lee, a legal reviewer, signs in, sees only that
// task, for their role, and answers it. The admin's Audit page shows who did what, and how.
import type { APIRequestContext } from "@playwright/test";
import type { Me } from "@tandem/shared";
import { accountButton, ADMIN, expect, setupAdmin, signIn, test } from "../support/accounts.js";
import { humanCard, runFromEditor, runStatus, writerReview } from "../support/runs.js";

// A server of its own, three sign-ins with scrypt, two browsers: slow on a busy machine.
test.slow();

const DEE = { username: "dee", name: "Dee Writer", password: "designer pass 2026" };
const LEE = { username: "lee", name: "Lee Park", password: "legal eagle 2026" };

/** Signs `request` in; returns the header its state-changing requests carry. */
async function signInApi(request: APIRequestContext, who: { username: string; password: string }): Promise<Record<string, string>> {
  const response = await request.post("/api/auth/sign-in", { data: { username: who.username, password: who.password } });
  expect(response.status()).toBe(200);
  return { "x-csrf-token": ((await response.json()) as Me).csrfToken! };
}

test("the legal reviewer answers what is theirs, the designer cannot, and the audit says who did what", async ({ page, browser, request, playwright, server }) => {
  await setupAdmin(server.url);
  const admin = await signInApi(request, ADMIN);
  expect((await request.post("/api/roles", { data: { name: "legal" }, headers: admin })).status()).toBe(201);
  for (const [person, role] of [[DEE, "designer"], [LEE, "legal"]] as const) {
    expect((await request.post("/api/users", { data: { ...person, roles: [role] }, headers: admin })).status()).toBe(201);
  }

  // Dee saves a writer/reviewer flow whose review is for legal, and runs it in the studio.
  const dee = await playwright.request.newContext({ baseURL: server.url });
  const flow = writerReview();
  const review = flow.nodes.find((n) => n.id === "reviewer")!;
  if (review.type !== "human") throw new Error("the template's reviewer is not a human node");
  review.data.assignees = { users: [], roles: ["legal"] };
  const saved = await dee.post("/api/flows", { data: { flow }, headers: await signInApi(dee, DEE) });
  expect(saved.status()).toBe(201);
  const flowId = ((await saved.json()) as { id: string }).id;
  await dee.dispose();

  await page.goto("/#/flows");
  await signIn(page, DEE.username, DEE.password);
  await expect(accountButton(page)).toHaveAccessibleName("Account: Dee Writer (designer)");
  const runId = await runFromEditor(page, flowId, "A tagline for Tandem");
  const deeCard = humanCard(page);
  await expect(deeCard).toContainText("legal");
  // Signed in, the card answers as the account: no name to type.
  await expect(deeCard.getByRole("textbox", { name: "Answer as" })).toHaveCount(0);
  await deeCard.getByRole("button", { name: "Approve" }).click();
  await expect(deeCard.getByRole("alert")).toContainText("Not yours to answer: this question is for legal; you (dee) have designer");
  await expect(runStatus(page)).toHaveText("Needs a person");

  // Lee signs in in another browser and finds the task, for their role, and nothing else.
  const leeContext = await browser.newContext({ baseURL: server.url });
  const leePage = await leeContext.newPage();
  await leePage.goto("/#/tasks");
  await signIn(leePage, LEE.username, LEE.password);
  await expect(accountButton(leePage)).toHaveAccessibleName("Account: Lee Park (legal)");
  const mine = leePage.getByRole("list", { name: "Waiting runs: for my roles" }).getByRole("button").filter({ hasText: flow.name });
  await expect(mine).toHaveCount(1);
  await expect(leePage.getByRole("list", { name: /^Waiting runs: (for me|for anyone|others)$/ })).toHaveCount(0);
  await mine.click();
  await humanCard(leePage).getByRole("button", { name: "Approve" }).click();
  await expect(leePage.getByRole("region", { name: "Task" })).toContainText("Nothing waits for a person in this run now.");
  await leeContext.close();

  // Dee's page follows the run to its end, and says who answered.
  await expect(runStatus(page)).toHaveText("Completed");
  await expect(page.getByRole("list", { name: "Transcript" })).toContainText("Lee Park");

  // The admin's audit: Lee's answer, from the studio, and the sign-ins.
  const adminContext = await browser.newContext({ baseURL: server.url });
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/#/audit");
  await signIn(adminPage, ADMIN.username, ADMIN.password);
  await expect(adminPage.getByRole("heading", { name: "Audit" })).toBeVisible();
  const rows = adminPage.getByRole("region", { name: "Audit entries" }).locator("tbody tr");
  const answer = rows.filter({ hasText: "Lee Park" }).filter({ hasText: "approve" });
  await expect(answer).toHaveCount(1);
  await expect(answer).toContainText("studio");
  await expect(answer.getByRole("link")).toHaveAttribute("href", new RegExp(`#/sessions/${runId}\\?at=\\d+`));
  await expect(rows.filter({ hasText: "Dee Writer" }).filter({ hasText: "approve" })).toHaveCount(0);
  await expect(rows.filter({ hasText: "Lee Park" }).filter({ hasText: /sign-in|Signed in/i })).not.toHaveCount(0);
  await adminContext.close();
});
