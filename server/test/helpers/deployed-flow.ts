// A saved sample flow published as a deployment, straight through the stores (the schedules'
// tests need one to exist; the deployments' own routes are tested elsewhere).
import { parseFlow } from "@tandem/shared";
import type { Runtime } from "../../src/runtime.js";
import { sampleFlow } from "./sample-flows.js";

export async function deployedFlow(runtime: Pick<Runtime, "flows" | "deployments">, name: string) {
  const parsed = parseFlow(sampleFlow(`Flow of ${name}`));
  if (!parsed.ok) throw new Error(`the sample flow does not parse: ${parsed.problems[0]?.message}`);
  const saved = await runtime.flows.create(parsed.flow);
  return runtime.deployments.create({ name, flowId: saved.id, version: saved.version }, "Tests");
}
