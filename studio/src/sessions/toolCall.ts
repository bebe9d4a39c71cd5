// A tool call as the inspector shows it: for any of its events, the call as it stood at that
// point of the run (its arguments, who decided, its result once there).
import { toolCallOf, type EventOf, type RunEvent, type ToolCallState } from "@tandem/shared";
import type { Snapshots } from "./snapshots.js";

type ToolEvent = EventOf<"tool.requested" | "tool.approval.requested" | "tool.approved" | "tool.rejected" | "tool.started" | "tool.result" | "tool.failed">;

const isToolEvent = (e: RunEvent): e is ToolEvent => e.type.startsWith("tool.");

export function toolCallAt(snapshots: Snapshots, seq: number): ToolCallState | undefined {
  const e = snapshots.event(seq);
  return e && isToolEvent(e) ? toolCallOf(snapshots.stateAt(seq), e.callId) : undefined;
}
