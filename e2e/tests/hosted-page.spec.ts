// Journeys of a deployment's hosted page in Chromium: a visitor fills the form made from the
// flow's input, the agent's words stream in, the page says who it waits for while the human step
// goes to its assignees in Tasks, and shows the finished answer once it is answered there. And
// another site embeds the page when its origin is allowed, and is refused when it is not.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Flow } from "@tandem/shared";
import { createFlow, getFlow, mod, openEditor } from "../support/fixtures.js";
import { deployPage, expect, test } from "../support/deployments.js";
import { humanCard, watchTexts, writerReview } from "../support/runs.js";

const REPLY = "Rivers carry the rain of whole mountains down to the sea, one bend at a time, and every town along them grows around that patient water.";

/** The writer/reviewer template with its reviewer for legal, asking for a topic, a tone and a length. */
function summaryFlow(): Flow {
  const flow = writerReview();
  flow.description = "Tell us what to summarise: a writer drafts it and our legal team checks it before it reaches you.";
  flow.inputSchema = {
    type: "object",
    properties: {
      topic: { type: "string", description: "A subject, a question or a link" },
      tone: { type: "string", enum: ["plain", "warm", "formal"] },
      words: { type: "integer", title: "Length in words" },
    },
    required: ["topic", "words"],
    additionalProperties: false,
  };
  for (const n of flow.nodes) {
    if (n.type === "agent") n.data.script = [REPLY];
    if (n.type === "human") n.data.assignees = { users: [], roles: ["legal"] };
  }
  return flow;
}

test("a visitor fills the form, sees the answer stream in, waits for legal, and gets the answer once it is approved in Tasks", async ({ page, context, request, server }, testInfo) => {
  test.slow();
  const flow = summaryFlow();
  const flowId = await createFlow(request, flow);
  const { token } = await deployPage(server, { name: "summaries", flowId });

  await page.goto(`/d/${token}`);
  await expect(page.getByRole("heading", { name: flow.name })).toBeVisible();
  await page.getByLabel("Topic").fill("rivers");
  await page.getByLabel("Tone").selectOption("warm");
  await page.getByLabel("Length in words").fill("40");
  const texts = await watchTexts(page, ".msg.agent .text");
  await page.getByRole("button", { name: "Send" }).click();

  await expect(page.locator(".msg.you")).toContainText("Topic: rivers · Tone: warm · Length in words: 40");
  const status = page.getByRole("status");
  await expect(status).toHaveText("Waiting for anyone in legal. This page goes on by itself once they answer.");
  await expect(page.locator(".msg.agent .text")).toHaveText(REPLY);
  // Streamed: the reply showed in pieces before it was whole.
  expect((await texts()).filter((t) => t.length > 0 && t.length < REPLY.length).length).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath("hosted-page-waiting.png") });

  // The human step is not answered on the page: it is in Tasks, as in any run.
  const studio = await context.newPage();
  await studio.goto("/#/tasks");
  const task = studio.getByRole("list", { name: "Waiting runs" }).getByRole("button").filter({ hasText: flow.name });
  await expect(task).toContainText("reviewer");
  await task.click();
  await humanCard(studio).getByRole("button", { name: "Approve" }).click();

  await expect(status).toHaveText("Done.");
  await expect(page.locator(".msg.answer")).toContainText(REPLY);
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath("hosted-page-done.png"), fullPage: true });
});

test("bad input is refused in words under the field it is about", async ({ page, request, server }) => {
  const flowId = await createFlow(request, summaryFlow());
  const { token } = await deployPage(server, { name: "checked", flowId });
  await page.goto(`/d/${token}`);
  await page.getByLabel("Length in words").fill("40");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.locator("#err-topic")).toHaveText("topic: required");
  await expect(page.getByLabel("Topic")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".msg")).toHaveCount(0);
});

test("the input form is made in the flow settings, and the page asks for its fields", async ({ page, request, server }) => {
  const flowId = await createFlow(request, writerReview());
  await openEditor(page, flowId);
  const section = page.locator("details.input-form");
  await section.locator("summary").click();
  await section.getByRole("button", { name: "Add an input form" }).click();
  await section.getByRole("button", { name: "Add field" }).click();
  await section.getByRole("textbox", { name: "Field name" }).fill("city");
  await section.getByRole("textbox", { name: "Allowed values of city" }).fill("Lisbon, Porto");
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText("Saved version 2")).toBeVisible();
  const saved = await getFlow(request, flowId);
  expect(saved.flow.inputSchema).toEqual({ type: "object", properties: { city: { type: "string", enum: ["Lisbon", "Porto"] } }, required: ["city"], additionalProperties: false });

  const { token } = await deployPage(server, { name: "cities", flowId, version: 2 });
  await page.goto(`/d/${token}`);
  await expect(page.getByLabel("City").locator("option")).toHaveText(["Choose…", "Lisbon", "Porto"]);
});

/** A site of its own on a free port; its page frames whatever `frame` was last given. */
async function otherSite() {
  let src = "about:blank";
  const site: Server = createServer((_, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><title>Shop</title><h1>Our shop</h1><iframe src="${src}" title="Ask us" width="720" height="640"></iframe>`);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  return {
    origin,
    frame: (url: string) => (src = url),
    close: () => new Promise<void>((resolve) => site.close(() => resolve())),
  };
}

test("another site embeds the page when its origin is allowed, and is refused when it is not", async ({ page, request, server }, testInfo) => {
  const flowId = await createFlow(request, summaryFlow());
  const shop = await otherSite();
  try {
    // Allowed: the form shows inside the other site, without the page's own header, and works there.
    const allowed = await deployPage(server, { name: "embedded", flowId, allowedOrigins: [shop.origin] });
    shop.frame(`${server.url}/d/${allowed.token}?embed=1`);
    await page.goto(shop.origin);
    const frame = page.frameLocator("iframe");
    await expect(frame.getByLabel("Topic")).toBeVisible();
    await expect(frame.getByRole("heading")).toHaveCount(0);
    await frame.getByLabel("Topic").fill("rivers");
    await frame.getByLabel("Length in words").fill("20");
    await frame.getByRole("button", { name: "Send" }).click();
    await expect(frame.locator(".msg.agent .text")).toHaveText(REPLY);
    await expect(frame.getByRole("status")).toContainText("Waiting for anyone in legal");
    await page.screenshot({ path: testInfo.outputPath("hosted-page-embedded.png") });

    // Not allowed: Chromium refuses to show it inside the other site.
    const other = await deployPage(server, { name: "not-embedded", flowId, allowedOrigins: ["https://elsewhere.example.com"] });
    shop.frame(`${server.url}/d/${other.token}?embed=1`);
    const served = page.waitForResponse((r) => r.url().includes(`/d/${other.token}`));
    await page.goto(shop.origin);
    expect((await served).status()).toBe(200);
    // The server answered the page, and Chromium showed its own error page in the frame instead.
    await expect.poll(() => page.frames().find((f) => f !== page.mainFrame())?.url()).toBe("chrome-error://chromewebdata/");
    await expect(page.frameLocator("iframe").getByLabel("Topic")).toHaveCount(0);
  } finally {
    await shop.close();
  }
});
