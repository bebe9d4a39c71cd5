// What a model call cost, at the server's prices. Unset when the model has no price, and when
// it cost nothing (the scripted model, also standing in for a provider that is not configured).
import { costOf } from "@tandem/shared";
import type { ProviderRegistry, ResolvedModel } from "../providers/registry.js";
import type { ModelReply } from "./model-call.js";

export function callCost(registry: ProviderRegistry, ref: string, resolved: ResolvedModel, reply: Pick<ModelReply, "usage" | "costUsd">): { costUsd?: number } {
  const { usage } = reply;
  if (reply.costUsd !== undefined) return reply.costUsd > 0 ? { costUsd: reply.costUsd } : {};
  if (!usage) return {};
  const price = registry.price(resolved.fallback ? "scripted/*" : ref);
  const costUsd = price ? costOf(usage, price) : 0;
  return costUsd > 0 ? { costUsd } : {};
}
