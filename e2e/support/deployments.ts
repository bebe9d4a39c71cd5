// Deployments for the journeys of the hosted page: a server of each test's own (so that its data
// directory is at hand), and a deployment of a saved flow with its page on.
import type { CreateDeploymentRequest, Deployment } from "@tandem/shared";
import { openDb } from "../../server/src/store/db.js";
import { createDeploymentStore } from "../../server/src/store/deployments.js";
import { test as base } from "./fixtures.js";
import { ownServer, type RunningServer } from "./server.js";

/** The journeys' test object, each test with a fresh server as its baseURL. */
export const test = base.extend<{ server: RunningServer }>(ownServer);
export { expect } from "./fixtures.js";

type PageRequest = Omit<CreateDeploymentRequest, "pageEnabled" | "version"> & { version?: number };

/** Publishes a version of the flow (default 1) with its hosted page on, in the server's own database; returns the page's token. */
export function deployPage(server: RunningServer, req: PageRequest): { deployment: Deployment; token: string } {
  const db = openDb(server.dataDir);
  try {
    const deployment = createDeploymentStore(db).create({ version: 1, ...req, pageEnabled: true }, "tests");
    return { deployment, token: deployment.pagePath!.slice("/d/".length) };
  } finally {
    db.close();
  }
}
