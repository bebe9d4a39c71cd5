// Journeys against a real OpenAI-compatible wire: a fake model server in its own process and a
// second Tandem server using it (OPENAI_API_KEY, OPENAI_BASE_URL), so the SDK path is the real one.
import { test as base } from "@playwright/test";
import type { Flow } from "@tandem/shared";
import { startOnlineServer, type FakeOpenAI } from "../support/fake-openai.js";
import { createFlow, expect } from "../support/fixtures.js";
import { messagesOf, nodeMark, oneAgent, runFromEditor, runStatus, watchStreaming } from "../support/runs.js";

const test = base.extend<{}, { online: { fake: FakeOpenAI; url: string } }>({
  online: [
    async ({}, use) => {
      const { fake, server, stop } = await startOnlineServer();
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
