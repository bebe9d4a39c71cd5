import type { ModelList } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { isListed, modelGroups, modelNote, priceText } from "./modelChoices.js";

const list: ModelList = {
  offline: false,
  pricesAsOf: "2026-12-01",
  models: [
    { id: "scripted/demo", provider: "scripted", label: "Offline scripted model", price: { input: 0, output: 0 } },
    { id: "openai/gpt-4o-mini", provider: "openai", label: "gpt-4o-mini", price: { input: 0.15, cachedInput: 0.075, output: 0.6 } },
  ],
  providers: [
    { id: "openai", label: "OpenAI", configured: true, live: true, setup: "Set OPENAI_API_KEY.", models: [{ id: "openai/gpt-4o-mini", provider: "openai", label: "gpt-4o-mini", price: { input: 0.15, cachedInput: 0.075, output: 0.6 } }, { id: "openai/ft-mine", provider: "openai", label: "ft-mine" }] },
    { id: "anthropic", label: "Anthropic", configured: false, live: false, setup: "Set ANTHROPIC_API_KEY.", models: [{ id: "anthropic/claude-sonnet-4-5", provider: "anthropic", label: "claude-sonnet-4-5", price: { input: 3, output: 15 } }] },
    { id: "gemini", label: "Google Gemini", configured: true, live: false, error: "could not list models: connection refused", setup: "Set GEMINI_API_KEY.", models: [] },
  ],
};

describe("the model picker's choices", () => {
  it("prices per million tokens, input then output", () => {
    expect(priceText({ input: 0.15, output: 0.6 })).toBe("$0.15 / $0.60 per M tokens");
    expect(priceText({ input: 3, output: 15 })).toBe("$3.00 / $15.00 per M tokens");
  });

  it("groups the offline model, then every provider; an unconfigured one says what to set, a failed list says why", () => {
    expect(modelGroups(list)).toEqual([
      { label: "Offline", options: [{ id: "scripted/demo", text: "Offline scripted model — $0 / $0 per M tokens" }] },
      { label: "OpenAI", options: [{ id: "openai/gpt-4o-mini", text: "gpt-4o-mini — $0.15 / $0.60 per M tokens" }, { id: "openai/ft-mine", text: "ft-mine" }] },
      { label: "Anthropic — not configured — Set ANTHROPIC_API_KEY.", options: [{ id: "anthropic/claude-sonnet-4-5", text: "claude-sonnet-4-5 — $3.00 / $15.00 per M tokens" }] },
      { label: "Google Gemini — shipped list (could not list models: connection refused)", options: [] },
    ]);
  });

  it("knows which references are listed", () => {
    expect(isListed(list, "anthropic/claude-sonnet-4-5")).toBe(true);
    expect(isListed(list, "openai/gpt-5-custom")).toBe(false);
    expect(isListed(null, "scripted/demo")).toBe(false);
  });

  it("says when a model's provider is not configured and the offline model answers instead", () => {
    expect(modelNote(list, "anthropic/claude-sonnet-4-5")).toBe("Anthropic is not configured on this server: runs use the offline scripted model. Set ANTHROPIC_API_KEY.");
    expect(modelNote(list, "openai/gpt-4o-mini")).toBe("Pick one, or Other… to type provider/model.");
    expect(modelNote({ ...list, offline: true }, "scripted/demo")).toBe("No API key: runs use the offline scripted model.");
  });
});
