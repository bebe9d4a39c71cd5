import type { RunState } from "@tandem/shared";
import type { RunSummary } from "./types.js";

export function summaryOf(state: RunState): RunSummary {
  return {
    status: state.status,
    waitingNode: state.pending?.nodeId ?? null,
    steps: state.steps,
    tokens: state.usage.promptTokens + state.usage.completionTokens,
    lastSeq: state.lastSeq,
    updatedAt: state.updatedAt,
    finishedAt: state.finishedAt ?? null,
  };
}
