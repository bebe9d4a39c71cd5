// Journeys around what runs cost: a run on a priced model (through the real OpenAI SDK and a fake
// OpenAI server) shows its cost in the run view, the Sessions list and the model call in the
// Sessions inspector; and the flow's budget is set in its settings.
import { costOf, formatUsd, priceOf, type RunEvent } from "@tandem/shared";
import { onlineTest as test } from "../support/fake-openai.js";
import { canvas, createFlow, expect, getFlow, mod, openEditor } from "../support/fixtures.js";
import { oneAgent, openRun, startRunApi } from "../support/runs.js";
import { inspector, openReplay, timeline, waitForRun } from "../support/sessions.js";

const MODEL = "openai/gpt-4o-mini";

test("a run on a priced model shows its cost in the run view, the Sessions list and the inspector", async ({ page, request, online }) => {
  const flow = oneAgent("", { name: "Priced writer", model: MODEL });
  const flowId = await createFlow(request, flow);
  await online.fake.enqueue({ text: "A short and priced reply about rivers and their long way to the sea." });
  const runId = await startRunApi(request, flowId, "Write about rivers.");
  const { events } = await waitForRun(request, runId, (r) => r.state.finishStatus !== undefined, 60_000);
  const reply = events.find((e): e is Extract<RunEvent, { type: "llm.response" }> => e.type === "llm.response")!;
  const usage = reply.usage!;
  // The dollars the list price makes of the call's usage, as the studio writes them.
  const cost = formatUsd(costOf(usage, priceOf(MODEL)!));
  expect(usage.promptTokens).toBeGreaterThan(0);

  await openRun(page, flowId, runId);
  await expect(page.locator(".run-usage")).toHaveText(`1 step · ${usage.promptTokens + usage.completionTokens} tokens · ${cost}`);

  await page.goto("/#/sessions");
  await page.getByRole("combobox", { name: "Flow" }).selectOption({ label: flow.name });
  const row = page.locator(`tr[data-run-id="${runId}"]`);
  await expect(page.getByRole("columnheader", { name: "Cost" })).toBeVisible();
  await expect(row.locator("td").last()).toHaveText(cost);

  await openReplay(page, runId);
  await page.goto(`/#/sessions/${runId}?at=${reply.seq}`);
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(reply.seq));
  const call = inspector(page).getByRole("region", { name: "Model call" });
  const fact = (name: string) => call.locator("dt", { hasText: new RegExp(`^${name}$`) }).locator("xpath=following-sibling::dd[1]");
  await expect(fact("Tokens")).toHaveText(`${usage.promptTokens} in (0 cached) · ${usage.completionTokens} out`);
  await expect(fact("Cost")).toHaveText(cost);
  await expect(fact("Stop reason")).toHaveText("Finished");
});

test("the flow's budget is set in its settings, refused in place when out of range, and cleared", async ({ page, request }) => {
  const flowId = await createFlow(request, oneAgent("Hello."));
  await openEditor(page, flowId);
  await canvas(page).click({ position: { x: 10, y: 10 } });
  const budget = page.getByRole("spinbutton", { name: "Budget (US $)" });

  await budget.fill("0");
  await expect(budget).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("expected an amount above $0")).toBeVisible();
  await budget.fill("5000000");
  await expect(page.getByText("expected at most $1,000,000")).toBeVisible();
  await budget.fill("2.5");
  await expect(budget).not.toHaveAttribute("aria-invalid");
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText("Saved version 2")).toBeVisible();
  expect((await getFlow(request, flowId)).flow.budgetUsd).toBe(2.5);

  await budget.fill("");
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText("Saved version 3")).toBeVisible();
  expect((await getFlow(request, flowId)).flow).not.toHaveProperty("budgetUsd");
});
