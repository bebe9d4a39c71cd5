// What each /api route needs: a Permission, any signed-in person ("signed-in"), or nobody at all
// ("public"). One entry per method and path pattern as the OpenAPI document writes it; a route
// that is not here is refused to everyone but an open server, and a test lists any that lack one.
// Routes that answer a task are "signed-in": the engine checks that the task is the person's.
import type { Permission } from "@tandem/shared";

export type RouteAccess = Permission | "signed-in" | "public";

export const ROUTE_PERMISSIONS: Record<string, RouteAccess> = {
  "GET /api/health": "public",
  "GET /api/openapi.json": "signed-in",
  "GET /api/models": "flows.read",

  "GET /api/auth/me": "public",
  "POST /api/auth/setup": "public",
  "POST /api/auth/sign-in": "public",
  "POST /api/auth/sign-out": "signed-in",
  "GET /api/auth/tokens": "signed-in",
  "POST /api/auth/tokens": "signed-in",
  "DELETE /api/auth/tokens/{id}": "signed-in",
  "GET /api/users": "users.manage",
  "POST /api/users": "users.manage",
  "PATCH /api/users/{id}": "users.manage",
  "GET /api/people": "signed-in",
  "GET /api/roles": "signed-in",
  "POST /api/roles": "users.manage",
  "DELETE /api/roles/{name}": "users.manage",

  "GET /api/flows": "flows.read",
  "POST /api/flows": "flows.write",
  "GET /api/flows/{id}": "flows.read",
  "PUT /api/flows/{id}": "flows.write",
  "DELETE /api/flows/{id}": "flows.write",
  "POST /api/flows/{id}/runs": "runs.start",
  "GET /api/flows/{id}/versions": "flows.read",
  "POST /api/flows/{id}/versions/{version}/restore": "flows.write",

  "POST /api/runs": "runs.start",
  "GET /api/runs": "runs.read",
  "POST /api/runs/import": "runs.start",
  "GET /api/runs/{id}": "runs.read",
  "DELETE /api/runs/{id}": "runs.control",
  "GET /api/runs/{id}/export": "runs.read",
  "GET /api/runs/{id}/events": "runs.read",
  "POST /api/runs/{id}/human/{requestId}": "signed-in",
  "POST /api/runs/{id}/approvals/{requestId}": "signed-in",
  "POST /api/runs/{id}/budget/{requestId}": "signed-in",
  "POST /api/runs/{id}/requests/{requestId}/claim": "signed-in",
  "POST /api/runs/{id}/requests/{requestId}/links": "runs.control",
  "POST /api/runs/{id}/control": "runs.control",
  "POST /api/runs/{id}/fork": "runs.start",

  "GET /api/deployments": "deployments.read",
  "POST /api/deployments": "deployments.manage",
  "GET /api/deployments/{name}": "deployments.read",
  "PATCH /api/deployments/{name}": "deployments.manage",
  "DELETE /api/deployments/{name}": "deployments.manage",
  "POST /api/deployments/{name}/promote": "deployments.manage",
  "GET /api/deployments/{name}/stats": "deployments.read",
  "GET /api/deployments/{name}/keys": "deployments.read",
  "POST /api/deployments/{name}/keys": "deployments.manage",
  "DELETE /api/deployments/{name}/keys/{id}": "deployments.manage",
  "GET /api/deployments/{name}/schedules": "deployments.read",
  "POST /api/deployments/{name}/schedules": "deployments.manage",
  "PATCH /api/deployments/{name}/schedules/{id}": "deployments.manage",
  "DELETE /api/deployments/{name}/schedules/{id}": "deployments.manage",
  // A deployment's endpoint takes its own keys, and checks them itself.
  "POST /api/deployments/{name}/runs": "public",
  "GET /api/deployments/{name}/runs/{runId}": "public",
  "GET /api/deployments/{name}/runs/{runId}/events": "public",

  "GET /api/tasks": "signed-in",
  "GET /api/tools": "tools.read",
  "GET /api/audit": "audit.read",
  "GET /api/webhooks/deliveries": "users.manage",
  "GET /api/cluster": "users.manage",

  "GET /api/datasets": "evals.run",
  "POST /api/datasets": "evals.run",
  "GET /api/datasets/{id}": "evals.run",
  "DELETE /api/datasets/{id}": "evals.run",
  "GET /api/evaluations": "evals.run",
  "POST /api/evaluations": "evals.run",
  "GET /api/evaluations/compare": "evals.run",
  "GET /api/evaluations/{id}": "evals.run",
  // An answer link carries its own proof: its route admits the link's person to its one task.
  "POST /api/links/{token}/answer": "public",
};

interface Entry {
  method: string;
  pattern: RegExp;
  literals: number;
  access: RouteAccess;
}

const ENTRIES: Entry[] = Object.entries(ROUTE_PERMISSIONS)
  .map(([key, access]) => {
    const [method, path] = key.split(" ") as [string, string];
    const parts = path.split("/");
    const pattern = new RegExp(`^${parts.map((p) => (p.startsWith("{") ? "[^/]+" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}/?$`);
    return { method, pattern, literals: parts.filter((p) => !p.startsWith("{")).length, access };
  })
  // Literal segments win over parameters: /api/runs/import before /api/runs/{id}.
  .sort((a, b) => b.literals - a.literals);

/** What a request needs, or undefined when the route has no entry. HEAD is read as GET. */
export function accessFor(method: string, path: string): RouteAccess | undefined {
  const m = method === "HEAD" ? "GET" : method;
  return ENTRIES.find((e) => e.method === m && e.pattern.test(path))?.access;
}
