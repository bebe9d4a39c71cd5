// A deployment's callback URL: when one of its runs finishes, or stops to ask a person, the
// result is POSTed there, signed, retried and logged like every other outbound webhook
// (notify/webhooks.ts). Sending returns at once: a callback that hangs or is refused never
// holds up or fails the run.
import type { RunEvent, RunState, RunStatus } from "@tandem/shared";
import type { Engine } from "../engine/engine.js";
import type { Webhooks } from "../notify/webhooks.js";
import type { DeploymentStore } from "../store/deployments.js";

/** The environment variable holding the secret callbacks are signed with. */
export const CALLBACK_SECRET_ENV = "TANDEM_CALLBACK_SECRET";

/** What a callback URL receives. */
export interface DeploymentCallback {
  /** run.finished, or run.waiting when the run stops to ask a person. */
  event: "run.finished" | "run.waiting";
  deployment: string;
  runId: string;
  status: RunStatus;
  /** The run's result, once it completed. */
  output: string | null;
  /** Set on run.waiting: the question's request id. */
  requestId?: string;
  at: number;
}

const WAITING: ReadonlySet<RunEvent["type"]> = new Set(["human.requested", "tool.approval.requested"]);

/** Starts posting deployment runs' results to their callback URLs; returns the function that stops it. */
export function startCallbacks(engine: Engine, deps: { deployments: Pick<DeploymentStore, "get">; webhooks: Pick<Webhooks, "deliver"> }): () => void {
  return engine.observe((event, state: RunState) => {
    const name = state.deployment?.name;
    if (!name || (event.type !== "run.finished" && !WAITING.has(event.type))) return;
    // Taken now: the run goes on while the deployment is read.
    const requestId = "requestId" in event ? event.requestId : undefined;
    const payload: DeploymentCallback = {
      event: event.type === "run.finished" ? "run.finished" : "run.waiting",
      deployment: name,
      runId: state.runId,
      status: state.status,
      output: state.output ?? null,
      ...(requestId ? { requestId } : {}),
      at: event.at,
    };
    void send(payload);
  });

  async function send(payload: DeploymentCallback): Promise<void> {
    // The deployment's URL now: changed or removed since the run started, the new one counts.
    // Unreadable (the database unreachable): this callback is not sent, the run goes on.
    const url = await deps.deployments.get(payload.deployment).then((d) => d?.callbackUrl, () => undefined);
    if (!url) return;
    deps.webhooks.deliver({ url, secretEnv: CALLBACK_SECRET_ENV }, { type: payload.event, runId: payload.runId, requestId: payload.requestId ?? "" }, JSON.stringify(payload));
  }
}
