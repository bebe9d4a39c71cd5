// What the model picker shows: the server's models grouped by provider with their prices, and
// what a chosen model runs on (an unconfigured provider's model runs on the offline model).
import { formatUsd, parseModelRef, type ModelInfo, type ModelList, type ModelPrice, type ProviderModels } from "@tandem/shared";

export interface ModelGroup {
  label: string;
  options: { id: string; text: string }[];
}

/** "$0.15 / $0.60 per M tokens": input, then output. */
export function priceText(price: ModelPrice): string {
  return `${formatUsd(price.input)} / ${formatUsd(price.output)} per M tokens`;
}

const option = (m: ModelInfo) => ({ id: m.id, text: m.price ? `${m.label} — ${priceText(m.price)}` : m.label });

function groupLabel(p: ProviderModels): string {
  if (!p.configured) return `${p.label} — not configured — ${p.setup}`;
  return p.error ? `${p.label} — shipped list (${p.error})` : p.label;
}

/** The offline model first, then every provider, configured or not. */
export function modelGroups(list: ModelList): ModelGroup[] {
  const offline = list.models.filter((m) => m.provider === "scripted");
  return [{ label: "Offline", options: offline.map(option) }, ...list.providers.map((p) => ({ label: groupLabel(p), options: p.models.map(option) }))];
}

export function isListed(list: ModelList | null, ref: string): boolean {
  return !!list && modelGroups(list).some((g) => g.options.some((o) => o.id === ref));
}

/** Says what a run with this model uses when that is not the model itself, else how to pick. */
export function modelNote(list: ModelList | null, ref: string): string {
  const provider = list?.providers.find((p) => p.id === parseModelRef(ref)?.provider);
  if (provider && !provider.configured) return `${provider.label} is not configured on this server: runs use the offline scripted model. ${provider.setup}`;
  if (list?.offline) return "No API key: runs use the offline scripted model.";
  return "Pick one, or Other… to type provider/model.";
}
