// What a run's state says of its progress: the columns the store keeps current with each append.
import type { RunState } from "@tandem/shared";
import type { RunProgress } from "./types.js";

export function progressOf(state: RunState): RunProgress {
  return {
    status: state.status,
    waitingNode: state.pending?.nodeId ?? null,
    steps: state.steps,
    tokens: state.usage.promptTokens + state.usage.completionTokens,
    costUsd: state.costUsd,
    lastSeq: state.lastSeq,
    startedAt: state.startedAt,
    updatedAt: state.updatedAt,
    finishedAt: state.finishedAt ?? null,
  };
}
