// Journeys against a real OpenAI-compatible wire: a fake model server in its own process and a
// second Tandem server using it (OPENAI_API_KEY, OPENAI_BASE_URL), so the SDK path is the real one.
// The fake can also hold a stream mid-reply, for what must happen while a reply is unfinished.
import { test as base } from "@playwright/test";
import type { Flow } from "@tandem/shared";
import { startOnlineServer, type FakeOpenAI } from "../support/fake-openai.js";
import { createFlow, expect, getFlow, node } from "../support/fixtures.js";
import { getRun, openReplay, replayTranscript, timeline } from "../support/sessions.js";
import { messagesOf, nodeMark, numberedWords, oneAgent, runFromEditor, runStatus, streaming, transcript, watchStreaming, watchTexts } from "../support/runs.js";

const test = base.extend<{}, { online: { fake: FakeOpenAI; url: string } }>({
  online: [
    async ({}, use) => {
      // Retries wait 2–4 s at first: long enough to watch the countdown of a retry.
      const { fake, server, stop } = await startOnlineServer({ TANDEM_RETRY_BASE_MS: "4000" });
      await use({ fake, url: server.url });
      await stop();
    },
    { scope: "worker", timeout: 60_000 },
  ],
});
test.use({ baseURL: async ({ online }, use) => use(online.url) });

const openaiFlow = (): Flow => oneAgent("", { name: "Online writer", model: "openai/gpt-4o-mini" });

test("a reply from the OpenAI-compatible server streams into the transcript", async ({ page, request, online }) => {
  const flowId = await createFlow(request, openaiFlow());
  // Long and slow enough (about 2.5 s) that the stream is seen in pieces even on a busy machine.
  const reply = `Hello from the fake model: ${Array.from({ length: 60 }, (_, i) => `token${i + 1}`).join(" ")}.`;
  await online.fake.enqueue({ text: reply, tokenDelayMs: 40 });
  await page.goto(`/#/flows/${flowId}`);
  const pieces = await watchStreaming(page);
  await runFromEditor(page, flowId, "Say hello");

  await expect(runStatus(page)).toHaveText("Completed");
  await expect(messagesOf(page, "writer")).toContainText(reply);
  expect(await pieces()).toBeGreaterThan(3);
  // A model is configured: no offline notice.
  await expect(page.getByRole("note")).toHaveCount(0);
});

test("a failed model call marks its node and says why", async ({ page, request, online }) => {
  const flowId = await createFlow(request, openaiFlow());
  await online.fake.enqueue({ status: 401 });
  await runFromEditor(page, flowId, "Say hello");

  await expect(runStatus(page)).toHaveText("Failed");
  await expect(nodeMark(page, "writer")).toContainText("Failed");
  const node = page.locator('.react-flow__node[data-id="writer"]');
  await expect(node.locator(".node")).toHaveClass(/node-run-failed/);
  await expect(node.getByRole("alert")).toContainText("Incorrect API key");
  await expect(page.getByRole("list", { name: "Transcript" }).getByRole("alert")).toContainText("writer failed");
});

test("a model that stalls: the node's first-token timeout, the retry counting down, then the reply", async ({ page, request, online }) => {
  const flowId = await createFlow(request, openaiFlow());
  // The first call gets its headers and then nothing; the retry gets the reply.
  await online.fake.enqueue({ stall: "after-headers" });
  await online.fake.enqueue({ text: "Sorry for the wait: here it is." });

  await page.goto(`/#/flows/${flowId}`);
  const notes = await watchTexts(page, ".is-thinking .msg-note");
  await node(page, "writer").click();
  await page.getByText("Advanced", { exact: true }).click();
  await page.getByLabel("First token timeout (s)").fill("1.5");
  const runId = await runFromEditor(page, flowId, "Say hello");
  // The run saved the setting first.
  expect((await getFlow(request, flowId)).flow.nodes.find((n) => n.id === "writer")!.data).toMatchObject({ firstTokenTimeoutSeconds: 1.5 });

  const waiting = transcript(page).locator(".is-thinking");
  await expect(waiting).toContainText(/waiting for the model \(retry 1 of 3 in \d s\) · no first token after 1\.5 s \(first-token timeout\)/);

  await expect(runStatus(page)).toHaveText("Completed");
  await expect(messagesOf(page, "writer")).toContainText("Sorry for the wait: here it is.");
  await expect(waiting).toHaveCount(0);
  // While it waited, the seconds counted down (or ran out, and the retried call waited for its first token).
  const retrying = (await notes()).filter((text) => text.includes("retry 1 of 3"));
  expect(retrying.length).toBeGreaterThan(1);
  // Before the timeout the node said it waited for its first token: read from what was shown over
  // time, since on a slow machine those 1.5 s may be over before the page is looked at.
  expect((await notes()).some((text) => text.includes("waiting for the first token…"))).toBe(true);

  // A replay at the retry shows the same line, as it read when the retry was decided.
  const retried = (await getRun(request, runId)).events.find((e) => e.type === "llm.retry")!;
  await openReplay(page, runId);
  await timeline(page).focus();
  await page.keyboard.press("Home");
  for (let seq = 1; seq < retried.seq; seq++) await page.keyboard.press("ArrowRight");
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(retried.seq));
  await expect(replayTranscript(page).locator(".is-thinking")).toContainText(
    `waiting for the model (retry 1 of 3 in ${Math.ceil(retried.delayMs / 1000)} s) · no first token after 1.5 s (first-token timeout)`,
  );
});

test("reload mid-run: the stream goes on with nothing missing or doubled", async ({ page, request, online }) => {
  const flowId = await createFlow(request, openaiFlow());
  // The model sends 40 words, waits while the page reloads, then sends the rest.
  const reply = numberedWords(300);
  await online.fake.enqueue({ text: reply, holdAfterTokens: 40 });
  const runId = await runFromEditor(page, flowId, "Count", { keys: true });
  await expect(streaming(page)).toContainText("w40");
  await page.reload();

  // The same run, from the address; what streamed before the reload is there once.
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(streaming(page)).toContainText("w40");
  expect((await streaming(page).locator(".md").innerText()).trim()).toBe(numberedWords(40));

  await online.fake.release();
  await expect(runStatus(page)).toHaveText("Completed");
  await expect(messagesOf(page, "writer")).toHaveCount(1);
  expect((await messagesOf(page, "writer").locator(".md").innerText()).trim()).toBe(reply);
});

test("cancel a streaming run: it finishes as cancelled and the stream stops", async ({ page, request, online }) => {
  const flowId = await createFlow(request, openaiFlow());
  // The model sends 10 words and waits: the run is cancelled mid-stream.
  await online.fake.enqueue({ text: numberedWords(400), holdAfterTokens: 10 });
  await runFromEditor(page, flowId, "Count");
  await expect(streaming(page)).toContainText("w10");
  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel run" }).click();
  await expect(runStatus(page)).toHaveText("Cancelled");
  await expect(transcript(page)).toContainText("The run was cancelled.");
  await expect(streaming(page)).toHaveCount(0);
  await expect(messagesOf(page, "writer")).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Run controls" })).toHaveCount(0);
  await online.fake.release();
});
