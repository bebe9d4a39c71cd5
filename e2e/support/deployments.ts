// Deployments for the journeys of the hosted page: a server of each test's own (deployment names
// and rate limits are per server), and a deployment of a saved flow with its page on, published through the API.
import type { CreateDeploymentRequest, Deployment } from "@tandem/shared";
import { test as base } from "./fixtures.js";
import { ownServer, type RunningServer } from "./server.js";

/** The journeys' test object, each test with a fresh server as its baseURL. */
export const test = base.extend<{ server: RunningServer }>(ownServer);
export { expect } from "./fixtures.js";

type PageRequest = Omit<CreateDeploymentRequest, "pageEnabled" | "version"> & { version?: number };

/** Publishes a version of the flow (default 1) with its hosted page on, through the API; returns the page's token. */
export async function deployPage(server: RunningServer, req: PageRequest): Promise<{ deployment: Deployment; token: string }> {
  const res = await fetch(`${server.url}/api/deployments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ version: 1, ...req, pageEnabled: true }),
  });
  if (res.status !== 201) throw new Error(`publishing ${req.name}: ${res.status} ${await res.text()}`);
  const deployment = (await res.json()) as Deployment;
  return { deployment, token: deployment.pagePath!.slice("/d/".length) };
}
