// Journeys: the agent inspector's model picker against a server whose OpenAI provider is the fake
// OpenAI-compatible server (its live model list, priced from the table), every other provider
// listed as not configured with what to set; the model, temperature and max tokens chosen are
// saved in the flow. Offline, the run panel's notice names what to set for each provider.
import { PROVIDERS } from "@tandem/shared";
import { onlineTest } from "../support/fake-openai.js";
import { createFlow, expect, getFlow, mod, node, openEditor, test } from "../support/fixtures.js";
import { oneAgent } from "../support/runs.js";

onlineTest("the picker groups models by provider with prices; the chosen model, temperature and max tokens are saved", async ({ page, request, online }) => {
  const id = await createFlow(request, oneAgent("", { name: "Picker", model: "openai/gpt-4o-mini" }));
  await openEditor(page, id);
  await node(page, "writer").click();

  const picker = page.getByRole("combobox", { name: "Choose from the list" });
  const typed = page.getByLabel("Model");
  const host = new URL(online.fake.url).host;
  await expect(picker.locator('optgroup[label="OpenAI"] option')).toHaveText([
    `gpt-4o at ${host} — $2.50 / $10.00 per M tokens`,
    `gpt-4o-mini at ${host} — $0.15 / $0.60 per M tokens`,
  ]);
  await expect(picker).toHaveValue("openai/gpt-4o-mini");
  const anthropic = picker.locator('optgroup[label="Anthropic — not configured — Set ANTHROPIC_API_KEY."] option');
  await expect(anthropic).toHaveText(["claude-haiku-4-5 — $1.00 / $5.00 per M tokens", "claude-sonnet-4-5 — $3.00 / $15.00 per M tokens", "claude-opus-4-1 — $15.00 / $75.00 per M tokens"]);

  // A model of a provider this server lacks can be picked; the field says what the run will use.
  await picker.selectOption("anthropic/claude-sonnet-4-5");
  await expect(typed).toHaveValue("anthropic/claude-sonnet-4-5");
  await expect(page.getByText("Anthropic is not configured on this server: runs use the offline scripted model. Set ANTHROPIC_API_KEY.")).toBeVisible();

  // Other…: any provider/model typed in, checked as typed.
  await picker.selectOption({ label: "Other…" });
  await expect(typed).toBeFocused();
  await typed.fill("gpt-4o");
  await expect(typed).toHaveAccessibleDescription('expected "provider/model"');
  await typed.fill("openai/my-finetune");
  await expect(picker).toHaveValue("other");
  await picker.selectOption("openai/gpt-4o");
  await expect(typed).toHaveValue("openai/gpt-4o");

  const temperature = page.getByRole("spinbutton", { name: "Temperature" });
  const maxTokens = page.getByRole("spinbutton", { name: "Max tokens" });
  await temperature.fill("3");
  await expect(temperature).toHaveAccessibleDescription("expected 0 to 2");
  await temperature.fill("0.4");
  await maxTokens.fill("0");
  await expect(maxTokens).toHaveAccessibleDescription("expected 1 to 1,000,000");
  await maxTokens.fill("12.5");
  await expect(maxTokens).toHaveAccessibleDescription("expected a whole number");
  await maxTokens.fill("512");
  await expect(maxTokens).not.toHaveAttribute("aria-invalid", "true");

  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText(/Saved version 2/)).toBeVisible();
  const saved = await getFlow(request, id);
  expect(saved.flow.nodes.find((n) => n.id === "writer")!.data).toMatchObject({ model: "openai/gpt-4o", temperature: 0.4, maxTokens: 512 });
});

test("offline, the run panel's notice names what to set for each provider", async ({ page, request }) => {
  const id = await createFlow(request, oneAgent("Hello.", { name: "Offline notice" }));
  await openEditor(page, id);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const notice = page.getByRole("note").filter({ hasText: "Offline:" });
  for (const p of PROVIDERS) await expect(notice).toContainText(`${p.label}: ${p.setup}`);
});
