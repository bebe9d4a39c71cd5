// Journey: a run started with Ctrl/⌘+Enter; reloading the page mid-stream picks it up where it was, from the address,
// with no text missing or doubled.
import { createFlow, expect, test } from "../support/fixtures.js";
import { messagesOf, numberedWords, oneAgent, runFromEditor, runStatus, streaming } from "../support/runs.js";

const WORDS = 300;

test("reload mid-run: the stream goes on with nothing missing or doubled", async ({ page, request }) => {
  const reply = numberedWords(WORDS);
  const flowId = await createFlow(request, oneAgent(reply));
  const runId = await runFromEditor(page, flowId, "Count", { keys: true });
  await expect(streaming(page)).toContainText("w40");
  await page.reload();

  // The same run, from the address; what streamed before the reload is there once.
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(streaming(page)).toBeVisible();
  const after = (await streaming(page).locator(".md").innerText()).trim();
  expect(after.split(/\s+/).length).toBeGreaterThanOrEqual(40);
  expect(reply.startsWith(after)).toBe(true);

  await expect(runStatus(page)).toHaveText("Completed", { timeout: 20_000 });
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  expect((await messagesOf(page, "writer").locator(".md").innerText()).trim()).toBe(reply);
});
