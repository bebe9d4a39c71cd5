// Journeys: two browsers on one run see the same; an answer in one closes the other's card,
// which keeps what was typed there and says who answered; a second answer is refused with who
// answered first.
import { createFlow, expect, test } from "../support/fixtures.js";
import { humanCard, messagesOf, openRun, runStatus, startRunApi, transcript, writerReview } from "../support/runs.js";

test("an answer in another browser closes this one's card, keeps what was typed and says who answered", async ({ browser, request, baseURL }) => {
  const flowId = await createFlow(request, writerReview());
  const runId = await startRunApi(request, flowId, "A tagline for Tandem");
  // Two browsers, two people: each is asked for a name.
  const adaContext = await browser.newContext({ baseURL });
  const bobContext = await browser.newContext({ baseURL, permissions: ["clipboard-write"] });
  const [ada, bob] = [await adaContext.newPage(), await bobContext.newPage()];
  await openRun(ada, flowId, runId);
  await openRun(bob, flowId, runId);
  await expect(humanCard(ada)).toBeVisible();
  await expect(humanCard(bob)).toBeVisible();
  expect(await transcript(bob).innerText()).toBe(await transcript(ada).innerText());

  await humanCard(bob).getByRole("textbox", { name: "Answer as" }).fill("Bob");
  await humanCard(bob).getByRole("textbox", { name: "Reply (optional)" }).fill("Shorter, please: one line.");
  await humanCard(ada).getByRole("textbox", { name: "Answer as" }).fill("Ada");
  await humanCard(ada).getByRole("button", { name: "Approve" }).click();

  await expect(runStatus(bob)).toHaveText("Completed");
  await expect(humanCard(bob)).toHaveCount(0);
  await expect(humanCard(ada)).toHaveCount(0);
  const unsent = bob.getByRole("region", { name: "Reply not sent" });
  await expect(unsent.getByRole("status")).toHaveText("Answered by Ada — your reply to reviewer was not sent.");
  await expect(unsent.getByRole("textbox", { name: "Your unsent reply" })).toHaveValue("Shorter, please: one line.");
  await unsent.getByRole("button", { name: "Copy" }).click();
  await expect(bob.getByText("Copied your reply")).toBeVisible();
  await expect(ada.getByRole("region", { name: "Reply not sent" })).toHaveCount(0);

  for (const page of [ada, bob]) await expect(messagesOf(page, "reviewer").locator(".msg-by")).toHaveText("answered by Ada · studio");
  await expect(messagesOf(bob, "reviewer")).toContainText("approve");
  expect(await transcript(bob).innerText()).toBe(await transcript(ada).innerText());
  await unsent.getByRole("button", { name: "Dismiss" }).click();
  await expect(unsent).toHaveCount(0);
  await adaContext.close();
  await bobContext.close();
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
