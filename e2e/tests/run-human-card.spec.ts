// Journeys: the card a person answers. It asks a browser once for who answers; an answer given
// elsewhere (here over HTTP, as a terminal or a script would) closes it, keeping what was typed;
// what is typed survives a reload; "waiting since" keeps counting.
import { ANSWER_NAME, createFlow, expect, test } from "../support/fixtures.js";
import { humanCard, messagesOf, openRun, runStatus, startRunApi, writerReview } from "../support/runs.js";
import { getRun } from "../support/sessions.js";

const draftKeys = (page: import("@playwright/test").Page) => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("tandem.reply.")));

test("the studio asks a browser once for who answers; every tab answers as that name", async ({ browser, request, baseURL }) => {
  const flowId = await createFlow(request, writerReview());
  const runId = await startRunApi(request, flowId, "A tagline for Tandem");
  // A browser of its own, which has never been asked.
  const context = await browser.newContext({ baseURL });
  const [one, two] = [await context.newPage(), await context.newPage()];
  await openRun(one, flowId, runId);
  await openRun(two, flowId, runId);
  const card = humanCard(one);
  await expect(card.getByText("Enter your name to answer")).toBeVisible();
  await expect(card.getByRole("button", { name: "Approve" })).toBeDisabled();

  await card.getByRole("textbox", { name: "Answer as" }).fill("Ana");
  // The other tab of this browser takes the name at once, and a reload keeps it: asked once.
  await expect(humanCard(two).getByRole("textbox", { name: "Answer as" })).toHaveValue("Ana");
  await one.reload();
  await expect(card.getByRole("textbox", { name: "Answer as" })).toHaveValue("Ana");
  await expect(card.getByText("Enter your name to answer")).toHaveCount(0);

  await card.getByRole("button", { name: "Approve" }).click();
  await expect(runStatus(one)).toHaveText("Completed");
  await expect(runStatus(two)).toHaveText("Completed");
  const { state } = await getRun(request, runId);
  expect(Object.values(state.requests).map((r) => r.answeredBy)).toEqual(["Ana"]);
  for (const page of [one, two]) {
    await expect(messagesOf(page, "reviewer").locator(".msg-by")).toHaveText("answered by Ana · studio");
    await expect(humanCard(page)).toHaveCount(0);
  }
  // Nothing was typed in the other tab: its card just closed.
  await expect(two.getByRole("region", { name: "Reply not sent" })).toHaveCount(0);
  await context.close();
});

test("an answer over HTTP closes the card; a reply typed here stays, with who answered", async ({ page, request, baseURL }) => {
  const flowId = await createFlow(request, writerReview());
  const runId = await startRunApi(request, flowId, "A tagline for Tandem");
  await openRun(page, flowId, runId);
  const answerOverHttp = async (outcome: string) => {
    const { state } = await getRun(request, runId);
    const response = await fetch(`${baseURL}/api/runs/${runId}/human/${state.pending!.requestId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome, by: "Ana" }),
    });
    expect(response.status).toBe(200);
  };

  // Nothing typed: the card closes and the transcript says who answered.
  await expect(humanCard(page)).toBeVisible();
  await answerOverHttp("revise");
  await expect(messagesOf(page, "writer")).toHaveCount(2);
  await expect(messagesOf(page, "reviewer").first().locator(".msg-by")).toHaveText("answered by Ana · http");
  await expect(messagesOf(page, "reviewer").first().locator(".msg-outcome")).toHaveText("picked revise");
  await expect(page.getByRole("region", { name: "Reply not sent" })).toHaveCount(0);

  // Typed, then answered elsewhere: the card goes, the reply is kept to copy.
  const card = humanCard(page);
  await card.getByRole("textbox", { name: "Reply (optional)" }).fill("Mention the replays.");
  await answerOverHttp("approve");
  await expect(runStatus(page)).toHaveText("Completed");
  await expect(humanCard(page)).toHaveCount(0);
  const unsent = page.getByRole("region", { name: "Reply not sent" });
  await expect(unsent.getByRole("status")).toHaveText("Answered by Ana — your reply to reviewer was not sent.");
  const kept = unsent.getByRole("textbox", { name: "Your unsent reply" });
  await expect(kept).toHaveValue("Mention the replays.");
  await expect(kept).not.toBeEditable();
  await expect.poll(() => draftKeys(page)).toEqual([]);
  await unsent.getByRole("button", { name: "Dismiss" }).click();
  await expect(unsent).toHaveCount(0);
});

test("what is typed in a card survives a reload, and is gone once sent", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  const runId = await startRunApi(request, flowId, "A tagline for Tandem");
  await openRun(page, flowId, runId);
  const card = humanCard(page);
  const reply = card.getByRole("textbox", { name: "Reply (optional)" });
  const edit = card.getByRole("textbox", { name: "Edit writer's message" });
  await reply.fill("Shorter, and mention replays.");
  await card.getByRole("button", { name: "Edit in place" }).click();
  await edit.fill("Tandem: agents and people, one flow.");

  await page.reload();
  await expect(reply).toHaveValue("Shorter, and mention replays.");
  await expect(edit).toHaveValue("Tandem: agents and people, one flow.");
  await expect(card.getByRole("textbox", { name: "Answer as" })).toHaveValue(ANSWER_NAME);

  await card.getByRole("button", { name: "Revise" }).click();
  await expect(messagesOf(page, "writer")).toHaveCount(2);
  await expect(messagesOf(page, "reviewer")).toHaveText(/Shorter, and mention replays\./);
  // The next question starts empty, and nothing is kept for the one answered.
  await expect(reply).toHaveValue("");
  await expect.poll(() => draftKeys(page)).toEqual([]);
  await page.reload();
  await expect(reply).toHaveValue("");
  await expect(card.getByRole("button", { name: "Discard edit" })).toHaveCount(0);
});

test("\"waiting since\" keeps counting while the card is open", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  const runId = await startRunApi(request, flowId, "A tagline for Tandem");
  await page.clock.install();
  await openRun(page, flowId, runId);
  const since = humanCard(page).locator(".human-card-head time");
  await expect(since).toHaveText(/^(now|\d+ seconds? ago)$/);
  // Nothing else happens in the run while it waits: only the clock can change the text.
  await page.clock.fastForward("02:00");
  await expect(since).toHaveText("2 minutes ago");
  await page.clock.fastForward("01:00:00");
  await expect(since).toHaveText("1 hour ago");
});
