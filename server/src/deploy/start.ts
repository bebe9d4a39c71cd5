// Starting a run of a deployment: the version it pins (never the draft), recorded in
// run.started with how it was started. The endpoint, the hosted page and schedules all start here.
import type { Deployment, DeploymentOrigin } from "@tandem/shared";
import { checkedFlow } from "../engine/checked-flow.js";
import type { Engine } from "../engine/engine.js";
import { FlowInvalidError } from "../engine/errors.js";
import type { Run } from "../engine/run.js";
import type { FlowStore } from "../store/flows.js";

export interface DeployStartDeps {
  engine: Engine;
  flows: Pick<FlowStore, "get">;
}

/** Throws FlowInvalidError when the pinned version is gone or cannot run. */
export async function startDeploymentRun(deps: DeployStartDeps, d: Deployment, input: string, how: Omit<DeploymentOrigin, "name">): Promise<Run> {
  const saved = await deps.flows.get(d.flowId, d.version);
  if (!saved) {
    throw new FlowInvalidError([{ path: "version", message: `version ${d.version} of flow "${d.flowId}" no longer exists; promote another`, severity: "error" }], "");
  }
  const flow = checkedFlow(saved.flow, saved.problems);
  const budget = d.budgetUsd !== null ? { budgetUsd: d.budgetUsd } : {};
  return await deps.engine.start(flow, input, { flowId: d.flowId, flowVersion: d.version, deployment: { name: d.name, ...how }, ...budget });
}
