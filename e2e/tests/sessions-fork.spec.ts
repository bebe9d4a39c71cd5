// Journey: re-run from a past point with a different answer, against a real OpenAI-compatible
// wire (a fake model server and a second Tandem server using it). The fork keeps the writer's
// first draft without calling the model again, goes the other way, and the two runs link to
// each other and compare side by side.
import { onlineTest, type FakeOpenAI } from "../support/fake-openai.js";
import { createFlow, expect } from "../support/fixtures.js";
import { messagesOf, nodeMark, runStatus, transcript, writerReview } from "../support/runs.js";
import { openReplay, runToEnd, timeline } from "../support/sessions.js";

const test = onlineTest;

/** How many chat calls the fake model server has answered. */
async function modelCalls(fake: FakeOpenAI): Promise<number> {
  const response = await fetch(new URL("/__control/calls", fake.url));
  return ((await response.json()) as { count: number }).count;
}

test("fork before the review with another answer: the new run approves the first draft, with no new model call", async ({ page, request, online }) => {
  const flowId = await createFlow(request, writerReview());
  const before = await modelCalls(online.fake);
  const parent = await runToEnd(request, flowId, "A note about Friday's release", [
    { outcome: "revise", text: "Mention the rollback plan.", by: "kim" },
    { outcome: "approve", by: "kim" },
  ]);
  expect(await modelCalls(online.fake)).toBe(before + 2);
  const firstDraft = parent.events.find((e) => e.type === "message" && e.nodeId === "writer");
  expect(firstDraft?.type === "message" && firstDraft.content).toContain("You said: A note about Friday's release");
  const asked = parent.events.find((e) => e.type === "human.requested")!.seq;

  await openReplay(page, parent.run.id);
  await timeline(page).focus();
  await page.keyboard.press("Home");
  await page.getByRole("button", { name: "Next human request" }).click();
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(asked));
  await page.getByRole("button", { name: "Answer differently from here…" }).click();
  const dialog = page.getByRole("dialog", { name: `Re-run from event ${asked}` });
  await dialog.getByRole("radio", { name: "approve" }).check();
  await dialog.getByRole("button", { name: "Re-run from here" }).click();

  // The fork's live view: approved at once, so it ends with the first draft.
  await expect(page).toHaveURL(/#\/runs\/[^/]+$/);
  const child = decodeURIComponent(page.url().split("/runs/")[1]!);
  expect(child).not.toBe(parent.run.id);
  await expect(runStatus(page)).toHaveText("Completed");
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  await expect(messagesOf(page, "reviewer")).toHaveText([/approve/]);
  await expect(transcript(page).getByRole("listitem", { name: "Run output" })).toContainText("You said: A note about Friday's release");
  await expect(nodeMark(page, "reviewer")).toContainText("approve");
  expect(await modelCalls(online.fake)).toBe(before + 2);

  // Child and parent link to each other.
  await openReplay(page, child);
  await expect(page.getByTestId("forked-from")).toContainText(`Forked from run ${parent.run.id.slice(0, 8)} at event ${asked}`);
  await openReplay(page, parent.run.id);
  const forks = page.locator(".lineage-forks");
  await forks.getByText("1 fork").click();
  await expect(forks.getByRole("link", { name: `run ${child.slice(0, 8)}` })).toBeVisible();

  // Side by side: the same beginning, then the parent's revision round the fork never had.
  await forks.getByRole("link", { name: "compare" }).click();
  await expect(page).toHaveURL(new RegExp(`#/compare/${parent.run.id}/${child}$`));
  await expect(page.getByRole("main").getByRole("status")).toHaveText("2 of 5 rows differ; the first is row 3.");
  const rows = page.getByRole("list", { name: "Transcripts side by side" }).locator("[data-kind]");
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toHaveAttribute("data-kind", "same");
  await expect(rows.nth(2)).toHaveAttribute("data-kind", "left");
  await expect(rows.nth(2)).toContainText("Mention the rollback plan.");
});
