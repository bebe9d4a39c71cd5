// Journeys: a reviewer answers in their own words, sees how the judge read them, and corrects or
// confirms the reading before the run goes on; the route follows what they settled on.
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { templateById, type Flow } from "@tandem/shared";
import { ANSWER_NAME, createFlow, expect, node, openEditor, test, uniqueName } from "../support/fixtures.js";
import { humanCard, messagesOf, runFromEditor, runStatus, writerReview } from "../support/runs.js";

const REPLY = "I don't approve this, make it shorter";

/** The writer/reviewer template, its reviewer waiting for every reading to be confirmed. */
function confirmingReview(): Flow {
  const flow = writerReview();
  for (const n of flow.nodes) if (n.type === "human") n.data.confirmReadings = true;
  return flow;
}

/** Runs the confirming review and answers the reviewer in words alone; returns the card, which now shows the reading. */
async function answerInWords(page: Page, request: APIRequestContext): Promise<Locator> {
  const flowId = await createFlow(request, confirmingReview());
  await runFromEditor(page, flowId, "A tagline for Tandem");
  const card = humanCard(page);
  await card.getByRole("textbox", { name: "Reply (optional)" }).fill(REPLY);
  await card.getByRole("button", { name: "Send reply" }).click();
  await expect(card.getByRole("status", { name: "Reading" })).toContainText("Read as revise");
  return card;
}

test("a reply read as revise is corrected to approve: the run takes the approve path and ends", async ({ page, request }, testInfo) => {
  // The same card now asks to confirm or correct the reading; nothing has moved yet.
  const card = await answerInWords(page, request);
  await expect(card.getByRole("button", { name: "Revise (read)" })).toHaveAttribute("aria-pressed", "true");
  await expect(card.getByRole("button", { name: "Confirm" })).toBeVisible();
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  await expect(messagesOf(page, "reviewer").first().locator(".msg-reading")).toContainText("read as revise");
  await card.screenshot({ path: testInfo.outputPath("reading-card.png") });

  await card.getByRole("button", { name: "Approve" }).click();

  await expect(runStatus(page)).toHaveText("Completed");
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  const reply = messagesOf(page, "reviewer").first();
  await expect(reply).toContainText(REPLY);
  await expect(reply.locator(".msg-reading")).toContainText(`read as revise`);
  await expect(reply.locator(".msg-reading")).toContainText(`corrected to approve by ${ANSWER_NAME}`);
  await expect(reply.locator(".msg-reading")).toHaveAttribute("title", "Read by the offline judge");
  await expect(messagesOf(page, "reviewer")).toHaveCount(1);
  await page.getByRole("list", { name: "Transcript" }).screenshot({ path: testInfo.outputPath("transcript.png") });
});

test("a reply read as revise and confirmed loops back to the writer; a picked outcome shows in the transcript", async ({ page, request }) => {
  // Confirm has the focus: Enter accepts the reading.
  const card = await answerInWords(page, request);
  await expect(card.getByRole("button", { name: "Confirm" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(messagesOf(page, "writer")).toHaveCount(2);
  await expect(messagesOf(page, "reviewer").first().locator(".msg-reading")).toContainText(`confirmed by ${ANSWER_NAME}`);

  // A button picks the outcome: no reading, and the transcript says what was picked.
  await humanCard(page).getByRole("button", { name: "Approve" }).click();
  await expect(runStatus(page)).toHaveText("Completed");
  const picked = messagesOf(page, "reviewer").nth(1);
  await expect(picked.locator(".msg-outcome")).toHaveText("picked approve");
  await expect(picked.locator(".msg-reading")).toHaveCount(0);
});

test("the inspector declares an outcome and routes on it; a field edge offers the schema's fields with typed values", async ({ page, request }) => {
  const flow = structuredClone(templateById("qa-review")!.flow);
  flow.name = uniqueName(flow.name);
  const flowId = await createFlow(request, flow);
  await openEditor(page, flowId);

  await node(page, "signoff").click();
  await page.getByRole("button", { name: "Add outcome" }).click();
  await page.getByLabel("Outcome 3", { exact: true }).fill("escalate");
  await page.getByLabel("Description of escalate").fill("a senior person must decide");
  await expect(node(page, "signoff").getByLabel("Outcomes")).toHaveText(/approve.*send back.*escalate/);
  await page.getByRole("button", { name: "Move escalate up" }).click();
  await expect(page.getByLabel("Outcome 2", { exact: true })).toHaveValue("escalate");

  await page.locator(".edge-label", { hasText: "approve" }).click();
  await page.getByRole("button", { name: "2 · otherwise → author" }).click();
  await page.getByLabel("Condition").selectOption("outcome");
  const outcome = page.getByLabel("Outcome", { exact: true });
  await expect(outcome.locator("option")).toHaveText(["approve", "escalate", "send back"]);
  await outcome.selectOption("escalate");
  await expect(page.locator(".edge-label", { hasText: "escalate" })).toHaveCount(1);

  await page.locator(".edge-label", { hasText: "verdict" }).click();
  await expect(page.getByLabel("Field", { exact: true })).toHaveValue("verdict");
  await expect(page.getByLabel("Operator").locator("option")).toHaveText(["==", "!="]);
  await expect(page.getByLabel("Value").locator("option")).toHaveText(['"pass"', '"fail"']);
  await page.getByLabel("Value").selectOption('"fail"');
  await page.getByLabel("Field", { exact: true }).selectOption("notes");
  await expect(page.getByLabel("Value")).toHaveValue("");
  await page.getByLabel("Value").fill("looks fine");
  await page.getByRole("button", { name: "Show JSON" }).click();
  const json = JSON.parse(await page.getByLabel("Flow JSON text").inputValue()) as Flow;
  expect(json.edges.find((e) => e.id === "e_qa_signoff")!.data.when).toEqual({ kind: "field", path: "notes", op: "==", value: "looks fine" });
  expect(json.edges.find((e) => e.id === "e_signoff_author")!.data.when).toEqual({ kind: "outcome", value: "escalate" });
  expect(json.nodes.find((n) => n.id === "signoff")!.data).toMatchObject({
    outcomes: [{ name: "approve" }, { name: "escalate", description: "a senior person must decide" }, { name: "send back" }],
  });
});
