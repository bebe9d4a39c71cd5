// Journey: the studio with a screen reader or a keyboard alone. On every page axe-core finds no
// serious or critical violation, Tab reaches every visible control, and each shows a focus ring;
// the editor and a run waiting for a person are worked by keyboard only.
import { createFlow, expect, node, openEditor, test, uniqueName } from "../support/fixtures.js";
import { expectAccessible, expectNoSeriousViolations } from "../support/a11y.js";
import { tabTo } from "../support/keyboard.js";
import { humanCard, openRun, runStatus, startRunApi, writerReview } from "../support/runs.js";
import { runToEnd, timeline, waitForRun } from "../support/sessions.js";

// axe and a Tab through every control make many round trips to the page: slow on a busy machine.
test.slow();

/** A writer/reviewer flow and one run of it waiting for the reviewer. */
async function waitingRun(request: Parameters<typeof createFlow>[0]) {
  const flowId = await createFlow(request, writerReview());
  const runId = await startRunApi(request, flowId, "A tagline, reviewed by keyboard");
  await waitForRun(request, runId, (r) => r.state.status === "waiting");
  return { flowId, runId };
}

test("the flows list", async ({ page, request }) => {
  const flow = writerReview();
  await createFlow(request, flow);
  await page.goto("/#/flows");
  await expect(page.getByRole("link", { name: flow.name })).toBeVisible();
  await expectAccessible(page);
});

test("the editor, a node opened in the inspector and the JSON view, by keyboard alone", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  await openEditor(page, flowId);
  // Tab to the writer node and select it with Enter: the inspector shows it.
  await tabTo(page, node(page, "writer"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("textbox", { name: "Name" })).toHaveValue("writer");

  const tour = await expectAccessible(page);
  const main = [
    page.getByRole("link", { name: "Back to flows" }),
    page.getByRole("button", { name: "Auto-layout" }),
    page.getByRole("button", { name: "Show JSON" }),
    page.getByRole("button", { name: "Export JSON" }),
    page.getByRole("button", { name: "Run", exact: true }),
    page.getByRole("button", { name: "Save" }),
    page.getByRole("button", { name: "Add Agent node" }),
    node(page, "writer"),
    page.getByRole("group", { name: /^Edge from writer to reviewer/ }),
    page.getByRole("button", { name: "Zoom In" }),
    page.getByRole("tab", { name: "Inspector" }),
    page.getByRole("tab", { name: /^Run/ }),
    page.getByRole("textbox", { name: "Name" }),
    page.getByRole("textbox", { name: "System message" }),
  ];
  for (const control of main) expect(await tour.reachedWithRing(control), `${control} reached by Tab, with a ring`).toBe(true);

  // The JSON view, opened from its button by keyboard: a text field with a ring of its own.
  await page.getByRole("button", { name: "Show JSON" }).press("Enter");
  const json = page.getByRole("textbox", { name: "Flow JSON text" });
  await expect(json).toBeVisible();
  await expectNoSeriousViolations(page);
  await tabTo(page, json);
  await expect(json).toHaveCSS("outline-style", "solid");
});

test("a live run waiting for a person, answered by keyboard alone", async ({ page, request }) => {
  const { flowId, runId } = await waitingRun(request);
  await openRun(page, flowId, runId);
  const card = humanCard(page);
  await expect(card).toBeVisible();

  const tour = await expectAccessible(page);
  const main = [
    page.getByRole("tab", { name: /^Run/ }),
    page.getByRole("group", { name: "Run controls" }).getByRole("button", { name: "Step" }),
    page.getByRole("group", { name: "Run controls" }).getByRole("button", { name: "Cancel" }),
    node(page, "reviewer"),
    card.getByRole("textbox", { name: /Reply/ }),
    card.getByRole("button", { name: "Approve" }),
    card.getByRole("button", { name: "Revise" }),
    card.getByRole("textbox", { name: "Answer as" }),
  ];
  for (const control of main) expect(await tour.reachedWithRing(control), `${control} reached by Tab, with a ring`).toBe(true);

  // A reply typed, Tab to Approve, Enter.
  await card.getByRole("textbox", { name: /Reply/ }).focus();
  await page.keyboard.type("Ship it.");
  await page.keyboard.press("Tab");
  await expect(card.getByRole("button", { name: "Approve" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(runStatus(page)).toHaveText(/Completed/);
});

test("a run on its own page", async ({ page, request }) => {
  const { runId } = await waitingRun(request);
  await page.goto(`/#/runs/${runId}`);
  await expect(humanCard(page)).toBeVisible();
  await expectAccessible(page);
});

test("the tasks page", async ({ page, request }) => {
  await waitingRun(request);
  await page.goto("/#/tasks");
  await expect(humanCard(page)).toBeVisible();
  await expectAccessible(page);
});

/** Two finished runs of one flow that differ: one approved at once, one revised first. */
async function twoRuns(request: Parameters<typeof createFlow>[0]) {
  const flowId = await createFlow(request, writerReview());
  const input = uniqueName("Two reviews");
  const once = await runToEnd(request, flowId, input, [{ outcome: "approve", by: "kim" }]);
  const twice = await runToEnd(request, flowId, input, [{ outcome: "revise", text: "Shorter.", by: "kim" }, { outcome: "approve", by: "kim" }]);
  return { flowId, once, twice };
}

test("sessions", async ({ page, request }) => {
  const { flowId } = await twoRuns(request);
  await page.goto(`/#/sessions?flow=${flowId}`);
  await expect(page.locator("tr[data-run-id]")).toHaveCount(2);
  await expectAccessible(page);
});

test("a replay at a model call", async ({ page, request }) => {
  const { twice } = await twoRuns(request);
  const draft = twice.events.find((e) => e.type === "message" && e.nodeId === "writer")!.seq;
  await page.goto(`/#/sessions/${twice.run.id}?at=${draft}`);
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(draft));
  await expect(page.getByRole("region", { name: "Model call" })).toBeVisible();
  await expectAccessible(page);
});

test("two runs compared", async ({ page, request }) => {
  const { once, twice } = await twoRuns(request);
  await page.goto(`/#/compare/${once.run.id}/${twice.run.id}`);
  await expect(page.locator(".compare-row[data-kind='right']").first()).toBeVisible();
  await expectAccessible(page);
});

test("the audit", async ({ page, request }) => {
  await twoRuns(request);
  await page.goto("/#/audit");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
});
