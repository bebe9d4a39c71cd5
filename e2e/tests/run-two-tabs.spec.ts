// Journeys: two tabs on one run see the same; an answer in one shows in the other; a second
// answer is refused with who answered first.
import { createFlow, expect, test } from "../support/fixtures.js";
import { humanCard, messagesOf, openRun, runStatus, startRunApi, transcript, writerReview } from "../support/runs.js";

test("an answer in one tab shows in the other, which says who answered", async ({ browser, request, baseURL }) => {
  const flowId = await createFlow(request, writerReview());
  const runId = await startRunApi(request, flowId, "A tagline for Tandem");
  const context = await browser.newContext({ baseURL });
  const [ada, bob] = [await context.newPage(), await context.newPage()];
  await openRun(ada, flowId, runId);
  await openRun(bob, flowId, runId);
  await expect(humanCard(ada)).toBeVisible();
  await expect(humanCard(bob)).toBeVisible();
  expect(await transcript(bob).innerText()).toBe(await transcript(ada).innerText());

  await humanCard(ada).getByRole("textbox", { name: "Answer as" }).fill("Ada");
  await humanCard(ada).getByRole("button", { name: "Approve" }).click();

  await expect(runStatus(bob)).toHaveText("Completed");
  await expect(humanCard(bob)).toContainText("Already answered by Ada.");
  await expect(humanCard(ada)).toHaveCount(0);
  await expect(messagesOf(bob, "reviewer")).toHaveText(/approve/);
  expect(await transcript(bob).innerText()).toBe(await transcript(ada).innerText());
  await humanCard(bob).getByRole("button", { name: "Dismiss" }).click();
  await expect(humanCard(bob)).toHaveCount(0);
  await context.close();
});

test("the second answer of a race is refused: already answered by …", async ({ browser, request, baseURL }) => {
  const flowId = await createFlow(request, writerReview());
  const runId = await startRunApi(request, flowId, "A tagline for Tandem");
  const context = await browser.newContext({ baseURL });
  const [ada, bob] = [await context.newPage(), await context.newPage()];
  // Bob's live events are held back, so his card is still open when Ada's answer is taken.
  await bob.route("**/api/runs/*/events*", () => undefined);
  await openRun(ada, flowId, runId);
  await openRun(bob, flowId, runId);
  await humanCard(ada).getByRole("textbox", { name: "Answer as" }).fill("Ada");
  await humanCard(ada).getByRole("button", { name: "Approve" }).click();
  await expect(runStatus(ada)).toHaveText("Completed");

  await humanCard(bob).getByRole("textbox", { name: "Answer as" }).fill("Bob");
  await humanCard(bob).getByRole("button", { name: "Revise" }).click();
  await expect(humanCard(bob).getByRole("alert")).toHaveText("This request was already answered by Ada.");
  await context.close();
});
