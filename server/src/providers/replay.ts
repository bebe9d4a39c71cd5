// The replay provider: answers each model call with what the recorded run got for the same
// node visit (its streamed pieces, then its final reply, tool calls and usage). It makes no network call.
// A visit may have made more than one call (one per tool turn, or asking again for a reply that
// fits its schema): they are answered in their recorded order, the last one repeated.
import type { RunEvent, StopReason, ToolCall, Usage } from "@tandem/shared";
import { ModelError, type ModelChunk, type ModelProvider } from "./types.js";

interface Recorded {
  deltas: string[];
  content: string;
  usage?: Usage;
  costUsd?: number;
  stopReason?: StopReason;
  toolCalls?: ToolCall[];
}

export function createReplayProvider(events: readonly RunEvent[]): ModelProvider {
  const calls = new Map<string, Recorded[]>();
  const visits = new Map<string, number>();
  let open: { key: string; deltas: string[] } | null = null;
  for (const e of events) {
    if (e.type === "node.started") visits.set(e.nodeId, e.visit);
    else if (e.type === "llm.request" || e.type === "llm.retry") open = { key: `${e.nodeId}#${visits.get(e.nodeId)}`, deltas: [] };
    else if (e.type === "message.delta" && open) open.deltas.push(e.text);
    else if (e.type === "llm.response" && open) {
      const recorded = { deltas: open.deltas, content: e.content, usage: e.usage, costUsd: e.costUsd, stopReason: e.stopReason, toolCalls: e.toolCalls };
      calls.set(open.key, [...(calls.get(open.key) ?? []), recorded]);
      open = null;
    }
  }
  return {
    id: "replay",
    async *stream(req): AsyncIterable<ModelChunk> {
      const queue = calls.get(`${req.nodeId}#${req.visit}`);
      const recorded = queue && queue.length > 1 ? queue.shift() : queue?.[0];
      if (!recorded) throw new ModelError(`the recording has no reply for ${req.nodeId} (visit ${req.visit})`, false);
      for (const text of recorded.deltas) yield { type: "delta", text };
      const { content, usage, stopReason, toolCalls } = recorded;
      // The recorded cost, not today's price: a replay costs what the run cost.
      yield { type: "done", content, usage, costUsd: recorded.costUsd ?? 0, ...(stopReason ? { stopReason } : {}), ...(toolCalls?.length ? { toolCalls } : {}) };
    },
  };
}
