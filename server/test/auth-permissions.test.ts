// Every route's permission, checked on a real server: the whole OpenAPI document is walked as an
// admin, a designer, an operator, a `legal` reviewer and nobody, with a minimal request per
// route, and each must answer or refuse exactly as the permission table says. Nothing the walk
// sees — responses, the server's log lines, the database file — holds a password, hash, token
// or session id.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PERMISSIONS, permissionsOf } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkAccess } from "../src/auth/middleware.js";
import { ROUTE_PERMISSIONS, accessFor } from "../src/auth/route-permissions.js";
import { createRole, createUser, makeToken, PASSWORD, setupAdmin, signIn, withAccounts } from "./helpers/accounts.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

interface Caller {
  name: string;
  roles: string[] | null;
  headers: Record<string, string>;
}

interface Route {
  method: string;
  path: string;
  hasBody: boolean;
}

let server: ServerProcess;
let routes: Route[];
const callers: Caller[] = [];
/** Every secret the walk made, to look for where it must not be. */
const secrets: string[] = [PASSWORD];
/** Every response body the walk got. */
const bodies: string[] = [];

beforeAll(async () => {
  server = await startServerProcess();
  const admin = await setupAdmin(server.url, "root");
  secrets.push(admin.id);
  await createRole(server.url, admin, "legal");
  const people: [string, string[] | null][] = [["root", ["admin"]], ["dee", ["designer"]], ["oli", ["operator"]], ["lee", ["legal"]]];
  for (const [username, roles] of people.slice(1)) await createUser(server.url, admin, username, roles!);
  for (const [username, roles] of people) {
    const session = await signIn(server.url, username);
    const { token } = await makeToken(server.url, session, "walker");
    secrets.push(session.id, token);
    callers.push({ name: `${username} (${roles!.join(", ")})`, roles, headers: { authorization: `Bearer ${token}` } });
  }
  callers.push({ name: "nobody", roles: null, headers: {} });

  const doc = (await (await fetch(`${server.url}/api/openapi.json`, { headers: callers[0]!.headers })).json()) as {
    paths: Record<string, Record<string, { requestBody?: unknown }>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, hasBody: op.requestBody !== undefined })),
  );
  routes.push({ method: "GET", path: "/api/openapi.json", hasBody: false });
});
afterAll(() => server.stop());

test("every route of the OpenAPI document has an entry in the permission table", () => {
  expect(routes.length).toBeGreaterThan(30);
  const missing = routes.map((r) => `${r.method} ${r.path}`).filter((key) => ROUTE_PERMISSIONS[key] === undefined);
  expect(missing, "routes with no permission (they are refused to everyone on a server with accounts)").toEqual([]);
});

test("a route missing from the table is refused to a signed-in admin, but not on an open server", () => {
  const admin = { kind: "user" as const, user: { id: "u", username: "root", name: "Root", roles: ["admin"], createdAt: 0 }, via: "http" as const };
  expect(accessFor("GET", "/api/not-a-route")).toBeUndefined();
  expect(() => checkAccess(admin, undefined, "GET", "/api/not-a-route")).toThrow("GET /api/not-a-route is not in the permission table, so it is refused");
  expect(() => checkAccess({ kind: "open", via: "http" }, undefined, "GET", "/api/not-a-route")).not.toThrow();
});

/** What the table says `caller` gets: 200-ish ("answered"), or the refusal's status. */
function expected(caller: Caller, route: Route): "answered" | 401 | 403 {
  const access = ROUTE_PERMISSIONS[`${route.method} ${route.path}`];
  if (access === "public") return "answered";
  if (caller.roles === null) return 401;
  if (access === "signed-in") return "answered";
  return access !== undefined && permissionsOf(caller.roles).has(access) ? "answered" : 403;
}

describe.each(["root (admin)", "dee (designer)", "oli (operator)", "lee (legal)", "nobody"])("walking the API as %s", (name) => {
  test("each route answers or refuses as the table says", async () => {
    const caller = callers.find((c) => c.name === name)!;
    const wrong: string[] = [];
    for (const route of routes) {
      // A minimal request: made-up ids (a 404 is an answer), an empty body (a 422 is an answer).
      const url = `${server.url}${route.path.replace(/\{[^}]+\}/g, "walker-x")}`;
      const res = await fetch(url, {
        method: route.method,
        headers: { ...caller.headers, ...(route.hasBody ? { "content-type": "application/json" } : {}) },
        body: route.hasBody ? "{}" : undefined,
      });
      const text = await res.text();
      bodies.push(text);
      // Refused by the permission layer, not by the route itself (a bad answer link is a 403 of its own).
      const code = res.status === 401 || res.status === 403 ? (JSON.parse(text) as { error: { code: string } }).error.code : undefined;
      const got = code === "unauthenticated" || code === "forbidden" ? (res.status as 401 | 403) : "answered";
      const want = expected(caller, route);
      if (got !== want) wrong.push(`${route.method} ${route.path}: ${got} (${res.status} ${text.slice(0, 120)}), the table says ${want}`);
      if (got === 403) expect(JSON.parse(text).error.message).toMatch(/needs the permission [a-z.]+; you \(\w+\) have \w+/);
    }
    expect(wrong).toEqual([]);
  });
});

test("the walk met every kind of answer: each role is refused somewhere and allowed somewhere", () => {
  const allowed = (roles: string[]) => routes.filter((r) => expected({ name: "", roles, headers: {} }, r) === "answered").length;
  expect(allowed(["admin"])).toBe(routes.length);
  expect(allowed(["designer"])).toBeLessThan(routes.length);
  expect(allowed(["operator"])).toBeLessThan(allowed(["designer"]));
  expect(allowed(["legal"])).toBeLessThan(allowed(["operator"]));
  // tasks.answer is no route's: answering routes are "signed-in" and the engine checks the task.
  const used = new Set(Object.values(ROUTE_PERMISSIONS));
  expect(PERMISSIONS.filter((p) => !used.has(p))).toEqual(["tasks.answer"]);
});

test("no response, log line or database file holds a password, hash, token or session id", async () => {
  expect(bodies.length).toBeGreaterThan(100);
  const hashes = await withAccounts(server.dataDir, async (accounts) => (await accounts.listUsers()).map((u) => u.passwordHash));
  expect(hashes).toHaveLength(4);
  const files = ["tandem.db", "tandem.db-wal"].map((f) => readFileSync(join(server.dataDir, f)).toString("latin1"));
  const logs = server.logs();
  expect(logs).toMatch(/"path":"\/api\/auth\/sign-in"/);
  for (const secret of secrets) {
    expect(logs).not.toContain(secret);
    for (const file of files) expect(file).not.toContain(secret);
    for (const body of bodies) expect(body).not.toContain(secret);
  }
  for (const hash of hashes) {
    expect(logs).not.toContain(hash.split("$")[5]);
    for (const body of bodies) expect(body).not.toContain(hash.split("$")[5]);
  }
});
