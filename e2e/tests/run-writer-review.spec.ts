// Journey: the writer/reviewer template run live from the editor — the writer drafts, a person
// asks for a revision with feedback, the writer's new draft answers it, the person approves.
import { createFlow, expect, test } from "../support/fixtures.js";
import { humanCard, messagesOf, nodeMark, runFromEditor, runStatus, writerReview } from "../support/runs.js";

test("revise with feedback, then approve: the run finishes with the revised draft", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  await runFromEditor(page, flowId, "A tagline for Tandem");

  const card = humanCard(page);
  await expect(card).toBeVisible();
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  await expect(runStatus(page)).toHaveText("Needs a person");
  await expect(page).toHaveTitle(/Needs a person/);
  await expect(page.getByRole("tab", { name: /Run/ }).getByLabel("needs a person")).toBeVisible();
  await expect(card).toContainText("Read the draft. Approve it, or say what to change.");
  // Offline, the writer answers the actual input, not a fixed script.
  await expect(card.locator(".human-review")).toContainText('writer (draft 1): here is my answer to "A tagline for Tandem"');
  await expect(nodeMark(page, "reviewer")).toContainText("Waiting for a person");
  await expect(page.locator('.react-flow__node[data-id="reviewer"] .node')).toHaveClass(/node-run-waiting/);

  await card.getByRole("textbox", { name: "Reply (optional)" }).fill("Make it shorter and mention replays");
  await card.getByRole("button", { name: "Revise" }).click();

  // The writer runs again, and its new draft quotes the feedback.
  await expect(messagesOf(page, "writer")).toHaveCount(2);
  await expect(messagesOf(page, "writer").nth(1)).toContainText("Make it shorter and mention replays");
  await expect(messagesOf(page, "reviewer").first()).toContainText("Make it shorter and mention replays");
  await expect(nodeMark(page, "writer")).toContainText("2 visits");

  await humanCard(page).getByRole("button", { name: "Approve" }).click();
  await expect(runStatus(page)).toHaveText("Completed");
  const output = page.getByRole("listitem", { name: "Run output" });
  await expect(output).toContainText("writer (draft 2)");
  await expect(output).toContainText("Make it shorter and mention replays");
  await expect(humanCard(page)).toHaveCount(0);
  await expect(nodeMark(page, "end")).toContainText("Done");
  await expect(page).not.toHaveTitle(/Needs a person/);
  // The composer is back for the next run, with the last input.
  await expect(page.getByRole("textbox", { name: "Run input" })).toHaveValue("A tagline for Tandem");
  // Taking the finished run off the canvas leaves the plain editor.
  await page.getByRole("button", { name: "Clear the run from the canvas" }).click();
  await expect(page).toHaveURL(new RegExp(`#/flows/${flowId}$`));
  await expect(page.locator(".run-mark")).toHaveCount(0);
});

test("edit the draft in place and approve: the output is the edit, the transcript shows the change", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  await runFromEditor(page, flowId, "A tagline for Tandem");
  const card = humanCard(page);
  await card.getByRole("button", { name: "Edit in place" }).click();
  const editor = card.getByRole("textbox", { name: "Edit writer's message" });
  // Offline, the writer answers what was asked, not a fixed text.
  await expect(editor).toHaveValue(/^writer \(draft 1\): here is my answer to "A tagline for Tandem"/);
  await editor.fill((await editor.inputValue()).replace("here is my answer", "here is my tagline"));
  await card.getByRole("button", { name: "Approve" }).click();

  await expect(runStatus(page)).toHaveText("Completed");
  await expect(page.getByRole("listitem", { name: "Run output" })).toContainText('here is my tagline to "A tagline for Tandem"');
  const draft = messagesOf(page, "writer").first();
  await expect(draft).toContainText("edited in review");
  const diff = draft.getByLabel("Changes made in review");
  await expect(diff.locator("del").first()).toContainText("answer");
  await expect(diff.locator("ins").first()).toContainText("tagline");
});
