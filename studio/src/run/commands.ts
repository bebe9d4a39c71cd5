// What the run controls and their keys do: pause, step, continue, and cancel (after asking).
import type { ControlAction } from "@tandem/shared";
import { runsApi } from "../api/runs.js";
import { confirm } from "../ui/confirm.js";
import { toast } from "../ui/toast.js";

const LABEL: Record<ControlAction, string> = { pause: "Pause", step: "Step", continue: "Continue", cancel: "Cancel" };

export async function controlRun(runId: string, action: ControlAction): Promise<void> {
  if (action === "cancel") {
    const ok = await confirm({
      title: "Cancel this run?",
      message: "The run stops now and finishes as cancelled. It cannot be resumed (it can be forked later).",
      confirmLabel: "Cancel run",
      cancelLabel: "Keep running",
      danger: true,
    });
    if (!ok) return;
  }
  try {
    await runsApi.control(runId, action);
  } catch (e) {
    toast("error", `${LABEL[action]} failed: ${(e as Error).message}`);
  }
}
