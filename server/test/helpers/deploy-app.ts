// The deployment tests' common steps on a real app: save a flow (and more versions of it),
// publish a version, make a key, and call the deployment's endpoint with that key.
import type { RunEvent } from "@tandem/shared";
import type { PeopleApp } from "./people-app.js";
import { chainFlow, client } from "./runs-api.js";

type Api = ReturnType<typeof client>;

/** Saves `flow` as a new flow; returns its id. */
export async function saveFlow(api: Api, flow: unknown = chainFlow()): Promise<string> {
  const res = await api.post("/api/flows", { flow });
  if (res.status !== 201) throw new Error(`save failed: ${res.status} ${res.text}`);
  return res.body.id;
}

/** Saves the next version of a flow; returns its number. */
export async function saveVersion(api: Api, flowId: string, flow: unknown): Promise<number> {
  const res = await api.call("PUT", `/api/flows/${flowId}`, { flow });
  if (res.status !== 200) throw new Error(`save failed: ${res.status} ${res.text}`);
  return res.body.version;
}

/** Publishes a version under `name` and makes a key for it; returns the key. */
export async function publish(api: Api, name: string, flowId: string, version = 1, settings: Record<string, unknown> = {}): Promise<string> {
  const made = await api.post("/api/deployments", { name, flowId, version, ...settings });
  if (made.status !== 201) throw new Error(`publish failed: ${made.status} ${made.text}`);
  const key = await api.post(`/api/deployments/${name}/keys`, { name: "tests" });
  if (key.status !== 201) throw new Error(`key failed: ${key.status} ${key.text}`);
  return key.body.key;
}

/** Calls to a deployment's endpoint with `key` (none: no Authorization header). */
export function caller(app: PeopleApp, name: string, key?: string) {
  const api = client(app.url, key ? { authorization: `Bearer ${key}` } : {});
  return {
    api,
    start: (input: string, query = "", headers?: Record<string, string>) => api.post(`/api/deployments/${name}/runs${query}`, { input }, headers),
    status: (runId: string) => api.get(`/api/deployments/${name}/runs/${runId}`),
  };
}

/** The run.started event of a run, read with the app's own access. */
export async function started(app: PeopleApp, runId: string): Promise<Extract<RunEvent, { type: "run.started" }>> {
  const { events } = await app.as().run(runId);
  return events.find((e) => e.type === "run.started") as Extract<RunEvent, { type: "run.started" }>;
}
