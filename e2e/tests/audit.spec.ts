// Journey: two people decide in the studio — one answers a review, another approves a tool call —
// and the Audit page lists both with who decided, filters by person, exports them as CSV, and
// links each to its run's replay, whose inspector shows who decided each step.
import { readFileSync } from "node:fs";
import { createFlow, expect, test, uniqueName } from "../support/fixtures.js";
import { humanCard, oneAgent, openRun, runStatus, startRunApi, writerReview } from "../support/runs.js";
import { inspector } from "../support/sessions.js";

/** start → an agent whose scripted model looks up an order (a read-only tool a person must approve) → end. */
function orderLookup() {
  const flow = oneAgent("", { name: "Order lookup" });
  const agent = flow.nodes.find((n) => n.id === "writer")!;
  if (agent.type !== "agent") throw new Error("oneAgent's agent is missing");
  Object.assign(agent.data, {
    name: "clerk",
    tools: [{ ref: "mcp:payments/get_order", approval: { mode: "always" } }],
    script: [{ calls: [{ tool: "get_order", arguments: { order_id: "C-9" } }], reply: "Found: {{result}}" }],
  });
  return flow;
}

// Two runs, two downloads and a replay: more than one journey's time on a busy machine.
test.slow();

test("a review answered and a tool call approved are in the audit with who decided, filtered by person and exported as CSV", async ({ page, request }) => {
  const reviewer = uniqueName("Rita");
  const approver = uniqueName("Omar");

  const reviewFlowId = await createFlow(request, writerReview());
  const reviewRun = await startRunApi(request, reviewFlowId, "A tagline for Tandem");
  await openRun(page, reviewFlowId, reviewRun);
  const card = humanCard(page);
  await card.getByRole("textbox", { name: "Answer as" }).fill(reviewer);
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(runStatus(page)).toHaveText("Completed");

  const lookupFlowId = await createFlow(request, orderLookup());
  const lookupRun = await startRunApi(request, lookupFlowId, "Where is order C-9?");
  await openRun(page, lookupFlowId, lookupRun);
  const approval = page.getByRole("region", { name: "Approve get_order?" });
  await approval.getByRole("textbox", { name: "Decide as" }).fill(approver);
  await approval.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(runStatus(page)).toHaveText("Completed");

  // From the sessions list's header to the audit.
  await page.goto("/#/sessions");
  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit" })).toBeVisible();
  const rows = page.getByRole("region", { name: "Audit entries" }).locator("tbody tr");
  const answered = rows.filter({ hasText: reviewer });
  const approved = rows.filter({ hasText: approver });
  await expect(answered).toHaveCount(1);
  await expect(answered).toHaveAttribute("data-action", "answer");
  await expect(answered).toContainText("reviewer");
  await expect(answered).toContainText("approve");
  await expect(approved).toHaveCount(1);
  await expect(approved).toHaveAttribute("data-action", "approve");
  await expect(approved).toContainText("clerk");
  await expect(approved).toContainText("approved get_order");
  await page.screenshot({ path: test.info().outputPath("audit.png"), fullPage: true });

  // The whole list as CSV: both decisions, with who.
  const whole = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = readFileSync((await (await whole).path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("time,action,user id,name,via,as admin,flow id,flow,run id,node id,node,request id,seq,detail");
  expect(csv).toMatch(new RegExp(`,answer,,${reviewer},.*,${reviewRun},`));
  expect(csv).toMatch(new RegExp(`,approve,,${approver},.*,${lookupRun},`));

  // One person: only theirs, on the page and in the export; the filter is in the address.
  await page.getByRole("searchbox", { name: "Person" }).fill(reviewer.toUpperCase());
  await expect(page).toHaveURL(/#\/audit\?person=/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(reviewer);
  const filtered = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const lines = readFileSync((await (await filtered).path())!, "utf8").split("\r\n").filter(Boolean);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`,${reviewer},`);

  // The entry opens the run's replay at that event; its inspector says who decided.
  await rows.first().getByRole("link", { name: /Replay at #\d+/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/sessions/${reviewRun}\\?at=\\d+`));
  await expect(inspector(page).getByRole("definition").filter({ hasText: reviewer }).first()).toBeVisible();
  const decisions = inspector(page).getByRole("region", { name: "Who decided" });
  await expect(decisions.getByRole("button")).toHaveCount(1);
  await expect(decisions).toContainText(reviewer);
  await expect(decisions).toContainText("answer");
  await page.screenshot({ path: test.info().outputPath("audit-replay.png"), fullPage: true });
});
