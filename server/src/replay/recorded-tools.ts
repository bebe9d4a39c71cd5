// The tools of a replay: each call gives back what the recording stored for the same call
// (by its idempotency key, one outcome per attempt) and nothing is executed. A call the
// recording has no result for fails as unavailable: a replay never reaches out.
import { toolNameOf, type RunEvent, type ToolSpec } from "@tandem/shared";
import { createToolBox } from "../tools/toolbox.js";
import { ToolError, type ToolBox, type ToolOutcome } from "../tools/types.js";

type Recorded = ToolOutcome | ToolError;

export function recordedTools(recording: readonly RunEvent[]): ToolBox {
  const specs = new Map<string, ToolSpec>();
  const keys = new Map<string, string>();
  const outcomes = new Map<string, Recorded[]>();
  for (const e of recording) {
    if (e.type === "tool.requested") specs.set(e.ref, { name: e.tool, description: "", parameters: e.parameters });
    else if (e.type === "tool.started") {
      keys.set(e.callId, e.idempotencyKey);
      outcomes.set(e.idempotencyKey, [...(outcomes.get(e.idempotencyKey) ?? []), new ToolError("unavailable", "the recording has no result for this call")]);
    } else if (e.type === "tool.result" || e.type === "tool.failed") {
      const list = outcomes.get(keys.get(e.callId) ?? "");
      if (!list) continue;
      list[list.length - 1] = e.type === "tool.result" ? { content: e.content, ...(e.isError ? { isError: true } : {}) } : new ToolError(e.code === "timeout" || e.code === "unavailable" ? e.code : "error", e.error);
    }
  }
  const every = createToolBox();
  return {
    ...every,
    // The recording is the tool: whatever the flow names is there, described as it was.
    missing: () => [],
    spec: async (ref) => specs.get(ref) ?? { name: toolNameOf(ref), description: "", parameters: { type: "object" } },
    async call(_ref, _flow, _args, { idempotencyKey }) {
      const next = outcomes.get(idempotencyKey)?.shift();
      if (!next) throw new ToolError("unavailable", "the recording has no result for this call");
      if (next instanceof ToolError) throw next;
      return next;
    },
  };
}
