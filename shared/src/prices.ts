// What model calls cost: list prices per million tokens, and a call's cost from its usage.
// The table is a starting point; a server's configuration overrides or adds entries
// (docs/server.md, TANDEM_PRICES), since prices change and private deployments differ.
import type { Usage } from "./events.js";

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  /** Prompt tokens the provider served from its cache (unset: the input price). */
  cachedInput?: number;
  output: number;
}

/** When the shipped prices were taken from the providers' price pages. */
export const PRICES_AS_OF = "2026-12-01";

/**
 * Shipped prices by model reference ("provider/model"). "provider/*" prices every model of a
 * provider that has no entry of its own (local models cost nothing per token).
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "openai/gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  "openai/gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
  "openai/gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "openai/gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "openai/gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "openai/o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "anthropic/claude-haiku-4-5": { input: 1, cachedInput: 0.1, output: 5 },
  "anthropic/claude-3-5-haiku-latest": { input: 0.8, cachedInput: 0.08, output: 4 },
  "anthropic/claude-sonnet-4-5": { input: 3, cachedInput: 0.3, output: 15 },
  "anthropic/claude-sonnet-4-0": { input: 3, cachedInput: 0.3, output: 15 },
  "anthropic/claude-opus-4-1": { input: 15, cachedInput: 1.5, output: 75 },
  "gemini/gemini-2.5-flash-lite": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "gemini/gemini-2.5-flash": { input: 0.3, cachedInput: 0.075, output: 2.5 },
  "gemini/gemini-2.5-pro": { input: 1.25, cachedInput: 0.31, output: 10 },
  "gemini/gemini-2.0-flash": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "ollama/*": { input: 0, output: 0 },
  "scripted/*": { input: 0, output: 0 },
};

/** The price of a model: its own entry, else its provider's "*" entry; undefined when unknown (cost not counted). */
export function priceOf(ref: string, prices: Readonly<Record<string, ModelPrice>> = DEFAULT_PRICES): ModelPrice | undefined {
  const own = Object.hasOwn(prices, ref) ? prices[ref] : undefined;
  if (own) return own;
  const slash = ref.indexOf("/");
  const any = slash > 0 ? `${ref.slice(0, slash)}/*` : "";
  return any && Object.hasOwn(prices, any) ? prices[any] : undefined;
}

/** A call's cost in US dollars. Cached prompt tokens are part of promptTokens, at their own price. */
export function costOf(usage: Usage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedPromptTokens ?? 0, usage.promptTokens);
  const fresh = usage.promptTokens - cached;
  return (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.completionTokens * price.output) / 1e6;
}

/** "$0.0042", "$1.27": enough digits to tell small runs apart. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(2)}`;
}
