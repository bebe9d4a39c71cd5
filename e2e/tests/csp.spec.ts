// Journey: the studio works under its strict Content-Security-Policy. Editing, running a flow
// with a person in it and browsing the sessions raise no CSP violation and no console error.
import { createFlow, expect, test } from "../support/fixtures.js";
import { humanCard, runFromEditor, runStatus, writerReview } from "../support/runs.js";

// Runs in each document before its own scripts: every violation the browser reports is sent here.
const REPORT_VIOLATIONS = `
  document.addEventListener("securitypolicyviolation", (e) => {
    window.reportViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
  });
`;

test("the studio runs a flow under its Content-Security-Policy without a violation", async ({ page, request }) => {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
  await page.addInitScript(REPORT_VIOLATIONS);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));

  const flowId = await createFlow(request, writerReview());
  const document = await page.goto(`/#/flows/${flowId}`);
  const policy = document!.headers()["content-security-policy"];
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  await expect(page.getByRole("banner", { name: "Editor" })).toBeVisible();

  await runFromEditor(page, flowId, "A tagline for Tandem");
  await expect(humanCard(page)).toBeVisible();
  await humanCard(page).getByRole("button", { name: "Approve" }).click();
  await expect(runStatus(page)).toHaveText("Completed");

  // The sessions list, and a reload of it (a new document under the same policy).
  await page.goto("/#/sessions");
  await page.reload();
  await expect(page.locator("tr[data-run-id]").first()).toBeVisible();

  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});
