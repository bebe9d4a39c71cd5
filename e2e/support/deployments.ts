// Deployments for the journeys of the hosted page: a server of each test's own (so that its data
// directory is at hand), and a deployment of a saved flow with its page on.
import type { CreateDeploymentRequest, Deployment } from "@tandem/shared";
import { openDb } from "../../server/src/store/db.js";
import { createDeploymentStore } from "../../server/src/store/deployments.js";
import { test as base } from "./fixtures.js";
import { startServer, type RunningServer } from "./server.js";

/** The journeys' test object, each test with a fresh server as its baseURL. */
export const test = base.extend<{ server: RunningServer }>({
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
  },
  baseURL: async ({ server }, use) => use(server.url),
});
export { expect } from "./fixtures.js";

/** Publishes version 1 of the flow with its hosted page on, in the server's own database; returns the page's token. */
export function deployPage(server: RunningServer, req: Omit<CreateDeploymentRequest, "pageEnabled" | "version">): { deployment: Deployment; token: string } {
  const db = openDb(server.dataDir);
  try {
    const deployment = createDeploymentStore(db).create({ ...req, version: 1, pageEnabled: true }, "tests");
    return { deployment, token: deployment.pagePath!.slice("/d/".length) };
  } finally {
    db.close();
  }
}
