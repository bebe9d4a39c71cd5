// Journey: a finished writer/reviewer run found in Sessions and replayed: the cursor moved by
// buttons, keys, a drag and playback; the canvas, transcript and human card show the run as it
// was at the cursor; the inspector shows the writer's model call with every message it was sent.
import { createFlow, expect, test, uniqueName } from "../support/fixtures.js";
import { messagesOf, nodeMark, startRunApi, transcript, writerReview } from "../support/runs.js";
import { cursor, inspector, openReplay, replayTranscript, runToEnd, timeline, waitForRun } from "../support/sessions.js";

test("find a run in Sessions, scrub to the person's turn and inspect the writer's call", async ({ page, request }) => {
  const flow = writerReview();
  const flowId = await createFlow(request, flow);
  const input = uniqueName("A note about the release");
  const record = await runToEnd(request, flowId, input, [{ outcome: "revise", text: "Mention the rollback plan.", by: "kim" }, { outcome: "approve", by: "kim" }]);
  const lastSeq = record.events.length;

  await page.goto("/#/sessions");
  await page.getByRole("searchbox").fill(input);
  const rows = page.locator("tr[data-run-id]");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-run-id", record.run.id);
  await expect(rows.first()).toContainText("Completed");
  await expect(rows.first()).toContainText(input);
  await rows.first().getByRole("link", { name: flow.name }).click();

  // It opens at the end: everything done.
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(lastSeq));
  await expect(nodeMark(page, "end")).toContainText("Done");
  await expect(messagesOf(page, "writer")).toHaveCount(2);

  // Home, then the first human request: the reviewer waits, the second draft is not written yet.
  await timeline(page).focus();
  await page.keyboard.press("Home");
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", "1");
  await page.getByRole("button", { name: "Next human request" }).click();
  const asked = record.events.find((e) => e.type === "human.requested")!.seq;
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(asked));
  await expect(timeline(page)).toHaveAttribute("aria-valuetext", /reviewer is asked/);
  await expect(nodeMark(page, "reviewer")).toContainText("Waiting for a person");
  await expect(nodeMark(page, "end")).toHaveCount(0);
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  const card = replayTranscript(page).getByRole("region", { name: "reviewer needs a person" });
  await expect(card).toContainText("Already answered by kim");

  // The draft the reviewer was asked about, and the writer's call that wrote it.
  const draft = record.events.find((e) => e.type === "message" && e.nodeId === "writer")!.seq;
  await inspector(page).getByRole("region", { name: "Human request" }).getByRole("button", { name: `Go to the message (event ${draft})` }).click();
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(draft));
  const call = inspector(page).getByRole("region", { name: "Model call" });
  await expect(call).toContainText("openai/gpt-4o-mini");
  await expect(call).toContainText('{"temperature":0.7}');
  const sent = call.locator(".chat-message");
  await expect(sent).toHaveCount(2);
  await expect(sent.nth(0)).toContainText("You write a short, clear draft");
  await expect(sent.nth(1)).toContainText(input);
  await expect(call).toContainText(`here is my answer to "${input}"`);
  await expect(call).toContainText("Tokens");
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  // From the reply to the request itself: the same call.
  await inspector(page).getByRole("button", { name: /^Go to the request/ }).click();
  await expect(inspector(page).getByRole("heading", { name: /llm\.request/ })).toBeVisible();
  await expect(call.locator(".chat-message")).toHaveCount(2);
  await expect(messagesOf(page, "writer")).toHaveCount(0);

  // The person's answer in the inspector.
  const answered = record.events.find((e) => e.type === "human.responded")!.seq;
  await page.goto(`/#/sessions/${record.run.id}?at=${answered}`);
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(answered));
  const human = inspector(page).getByRole("region", { name: "Human request" });
  await expect(human).toContainText("kim");
  await expect(human).toContainText("revise");
  await expect(human).toContainText("Mention the rollback plan.");
});

test("step with keys, drag the cursor, and play to the end", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  // The reviewer thinks for a while: playback waits there (for a second, at most, at 1×).
  const runId = await startRunApi(request, flowId, uniqueName("A run to replay"));
  const waiting = await waitForRun(request, runId, (r) => r.state.pending !== null);
  await new Promise((r) => setTimeout(r, 1500));
  await request.post(`/api/runs/${runId}/human/${waiting.state.pending!.requestId}`, { data: { outcome: "approve" } });
  const record = await waitForRun(request, runId, (r) => r.state.finishStatus !== undefined);
  const lastSeq = record.events.length;
  await openReplay(page, record.run.id);

  await timeline(page).focus();
  await page.keyboard.press("ArrowLeft");
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(lastSeq - 1));
  await page.keyboard.press("Shift+ArrowLeft");
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(lastSeq - 11));
  await page.keyboard.press("PageUp");
  expect(record.events[(await cursor(page)) - 1]!.type).toBe("node.started");

  // Drag from the start to the middle: the cursor follows the pointer.
  const box = (await timeline(page).boundingBox())!;
  await page.mouse.move(box.x + 12, box.y + box.height / 2);
  await page.mouse.down();
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", "1");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  const middle = await cursor(page);
  expect(middle).toBeGreaterThan(lastSeq / 3);
  expect(middle).toBeLessThan((lastSeq * 2) / 3);

  // Play slowly from the start: it is still playing at the reviewer's pause (2 s at 0.5×).
  // Then at 10×: the run plays out to its end and stops.
  await timeline(page).focus();
  await page.keyboard.press("Home");
  const speed = page.getByRole("combobox", { name: "Playback speed" });
  await speed.selectOption("0.5");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(page.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await speed.selectOption("10");
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(lastSeq), { timeout: 15_000 });
  await expect(page.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  await expect(transcript(page).getByRole("listitem", { name: "Run output" })).toBeVisible();
});
