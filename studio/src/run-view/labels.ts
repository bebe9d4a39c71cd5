// How run and node statuses read in the studio.
import type { NodeStatus, RunStatus, StopReason } from "@tandem/shared";
import { MOD } from "../ui/keys.js";

export const RUN_STATUS_LABEL: Record<RunStatus, string> = {
  running: "Running",
  waiting: "Needs a person",
  paused: "Paused",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const NODE_STATUS_LABEL: Record<NodeStatus, string> = {
  idle: "Not run",
  running: "Running",
  waiting: "Waiting for a person",
  done: "Done",
  failed: "Failed",
  skipped: "Skipped",
};

/** Why a model stopped writing its reply. */
export const STOP_REASON_LABEL: Record<StopReason, string> = {
  stop: "Finished",
  length: "Hit the token limit",
  tool_calls: "Called tools",
  content_filter: "Stopped by the content filter",
  other: "Other",
};

/** Keyboard shortcuts of the run controls, as shown in their titles. */
export const RUN_KEYS = { run: `${MOD}Enter`, pauseOrContinue: "F8", step: "F10", cancel: "Shift+F5" } as const;
