// Journey: re-run one agent's turn of a finished run with a changed system message, against a
// real OpenAI-compatible wire (a fake model server and a Tandem server using it). Everything
// before the writer's second turn comes from the recording (marked so, no model call made
// again), the writer answers anew with its new instructions, and the two runs compare side by side.
import { onlineTest, type FakeOpenAI } from "../support/fake-openai.js";
import { createFlow, expect } from "../support/fixtures.js";
import { messagesOf, writerReview } from "../support/runs.js";
import { replayTranscript, runToEnd } from "../support/sessions.js";

const test = onlineTest;

/** The chat calls the fake model server has answered: their request bodies. */
async function modelCalls(fake: FakeOpenAI): Promise<{ messages: { role: string; content: string }[] }[]> {
  const response = await fetch(new URL("/__control/calls", fake.url));
  return ((await response.json()) as { bodies: { messages: { role: string; content: string }[] }[] }).bodies;
}

const SHORTER = "Write two sentences at most.";

test("re-run the writer's second turn with a new system message: the steps before are the recording, the writer answers anew, side by side with the original", async ({ page, request, online }) => {
  const flowId = await createFlow(request, writerReview());
  const parent = await runToEnd(request, flowId, "A note about Friday's release", [
    { outcome: "revise", text: "Mention the rollback plan.", by: "kim" },
    { outcome: "approve", by: "kim" },
  ]);
  const before = (await modelCalls(online.fake)).length;

  await page.goto(`/#/runs/${parent.run.id}`);
  const writer = messagesOf(page, "writer");
  await expect(writer).toHaveCount(2);
  await expect(writer.nth(1)).toContainText("You said: Mention the rollback plan.");
  // A person's answer is not an agent's turn: nothing to re-run there.
  await expect(messagesOf(page, "reviewer").getByRole("button", { name: "Re-run from here" })).toHaveCount(0);
  await writer.nth(1).getByRole("button", { name: "Re-run from here" }).click();

  const dialog = page.getByRole("dialog", { name: "Re-run writer from here" });
  await expect(dialog).toContainText("Everything before writer's visit 2 comes from the recording");
  const system = dialog.getByRole("textbox", { name: "System message" });
  await expect(system).toHaveValue(/^You write a short, clear draft/);
  await system.fill(SHORTER);
  await online.fake.enqueue({ text: "Friday's release ships at noon. If it fails, we roll back within the hour." });
  await dialog.getByRole("button", { name: "Re-run from here" }).click();

  // The new run: everything up to the writer's second turn is marked as recorded; the new reply is not.
  // This page is a run's already: wait for another run's address, not just any.
  await expect(page).toHaveURL(new RegExp(`#/runs/(?!${parent.run.id}$)[^/]+$`));
  const child = decodeURIComponent(page.url().split("/runs/")[1]!);
  const newWriter = messagesOf(page, "writer");
  await expect(newWriter).toHaveCount(2);
  await expect(newWriter.nth(1)).toContainText("we roll back within the hour");
  await expect(newWriter.nth(1).locator(".msg-recorded")).toHaveCount(0);
  await expect(newWriter.nth(0).locator(".msg-recorded")).toHaveText("from the recording");
  await expect(messagesOf(page, "reviewer").nth(0).locator(".msg-recorded")).toHaveText("from the recording");
  await expect(messagesOf(page, "user").locator(".msg-recorded")).toHaveText("from the recording");
  // One model call, the writer's, with the new system message; nothing before it was asked again.
  const calls = await modelCalls(online.fake);
  expect(calls.length).toBe(before + 1);
  expect(calls.at(-1)!.messages[0]).toEqual({ role: "system", content: SHORTER });

  // Side by side with the original: the same beginning, then the two second drafts.
  await page.getByRole("link", { name: "Compare with the parent" }).click();
  await expect(page).toHaveURL(new RegExp(`#/compare/${parent.run.id}/${child}$`));
  const rows = page.getByRole("list", { name: "Transcripts side by side" }).locator("[data-kind]");
  await expect(rows.nth(0)).toHaveAttribute("data-kind", "same");
  const changed = page.getByRole("list", { name: "Transcripts side by side" }).locator('[data-kind="changed"]');
  await expect(changed).toHaveCount(1);
  await expect(changed).toContainText("You said: Mention the rollback plan.");
  await expect(changed).toContainText("we roll back within the hour");
});

test("the replay of a finished run offers the re-run on each agent turn, from the recording up to that turn", async ({ page, request, online }) => {
  const flowId = await createFlow(request, writerReview());
  const parent = await runToEnd(request, flowId, "A haiku about tides", [{ outcome: "approve", by: "kim" }]);
  const before = (await modelCalls(online.fake)).length;
  await page.goto(`/#/sessions/${parent.run.id}`);
  const transcript = replayTranscript(page);
  await transcript.locator("li.msg", { hasText: "You said: A haiku about tides" }).getByRole("button", { name: "Re-run from here" }).click();
  const dialog = page.getByRole("dialog", { name: "Re-run writer from here" });
  await expect(dialog).toContainText("Everything before writer's visit 1 comes from the recording");
  await dialog.getByRole("spinbutton", { name: "Temperature" }).fill("0.1");
  await dialog.getByRole("button", { name: "Re-run from here" }).click();

  await expect(page).toHaveURL(/#\/runs\/[^/]+$/);
  const child = decodeURIComponent(page.url().split("/runs/")[1]!);
  const started = parent.events.find((e) => e.type === "node.started" && e.nodeId === "writer")!;
  const record = await (await request.get(`/api/runs/${child}`)).json();
  expect(record.run.parentSeq).toBe(started.seq - 1);
  await expect(messagesOf(page, "writer")).toHaveText([/You said: A haiku about tides/]);
  const calls = await modelCalls(online.fake);
  expect(calls.length).toBe(before + 1);
  expect(calls.at(-1)).toMatchObject({ temperature: 0.1 });
});
