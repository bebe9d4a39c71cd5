// Accounts on a real server process: open until the first admin is set up, then sessions
// (httpOnly, SameSite=Strict cookies with a CSRF token), personal tokens (hashed, revocable),
// users and roles managed by admins, the accounts log, and sign-in limited per user and address.
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { PERMISSIONS } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRole, createUser, makeToken, PASSWORD, setupAdmin, signIn, withAccounts, withSession, type Session } from "./helpers/accounts.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const json = { "content-type": "application/json" };
const flow = JSON.parse(readFileSync(join(import.meta.dirname, "../../examples/hitl-review.flow.json"), "utf8")) as unknown;

describe("a server with accounts", () => {
  let server: ServerProcess;
  let admin: Session;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(() => server.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method, headers: { ...json, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

  test("with no account on loopback it is open, and says so", async () => {
    expect(await (await get("/api/auth/me")).json()).toEqual({ mode: "open", setupNeeded: true, user: null, permissions: [...PERMISSIONS] });
    expect((await get("/api/flows")).status).toBe(200);
  });

  test("setup makes the first admin once, signed in with an httpOnly SameSite=Strict cookie", async () => {
    admin = await setupAdmin(server.url);
    expect(admin.me).toMatchObject({ mode: "accounts", setupNeeded: false, user: { username: "root", roles: ["admin"] } });
    expect(admin.setCookie).toMatch(/; HttpOnly/);
    expect(admin.setCookie).toMatch(/; SameSite=Strict/);
    expect(admin.setCookie).toMatch(/; Path=\//);
    expect(admin.setCookie).not.toMatch(/Secure/); // plain http on loopback
    expect(admin.setCookie).toMatch(/Max-Age=1209600/);
    const again = await send("POST", "/api/auth/setup", { username: "eve", name: "Eve", password: PASSWORD });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe("already_set_up");
  });

  test("once an account exists, every route but the public ones needs one", async () => {
    const res = await get("/api/flows");
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error).toMatchObject({ code: "unauthenticated", message: expect.stringMatching(/sign in first/) });
    expect((await get("/api/health")).status).toBe(200);
    expect(await (await get("/api/auth/me")).json()).toEqual({ mode: "accounts", setupNeeded: false, user: null, permissions: [] });
  });

  test("a state-changing request with the cookie needs the session's X-CSRF-Token", async () => {
    expect((await get("/api/flows", { cookie: admin.cookie })).status).toBe(200);
    const none = await send("POST", "/api/flows", { flow }, { cookie: admin.cookie });
    expect(none.status).toBe(403);
    expect(((await none.json()) as any).error.code).toBe("csrf");
    expect((await send("POST", "/api/flows", { flow }, { cookie: admin.cookie, "x-csrf-token": "not-the-token" })).status).toBe(403);
    expect((await send("POST", "/api/flows", { flow }, withSession(admin))).status).toBe(201);
    const me = (await (await get("/api/auth/me", { cookie: admin.cookie })).json()) as any;
    expect(me.csrfToken).toBe(admin.csrfToken);
  });

  test("a personal token is shown once, stored only as its hash, needs no CSRF token, and stops at revocation", async () => {
    const made = await makeToken(server.url, admin, "laptop");
    expect(made.token).toMatch(/^tdm_[\w-]{43}$/);
    expect(made.info).toMatchObject({ name: "laptop", prefix: made.token.slice(0, 8) });
    const bearer = { authorization: `Bearer ${made.token}` };
    const listed = await (await get("/api/auth/tokens", bearer)).text();
    expect(listed).toContain(made.info.id);
    expect(listed).not.toContain(made.token);
    expect((await send("POST", "/api/flows", { flow }, bearer)).status).toBe(201);
    const db = readFileSync(join(server.dataDir, "tandem.db"));
    const wal = readFileSync(join(server.dataDir, "tandem.db-wal"));
    for (const secret of [made.token, admin.id, PASSWORD]) {
      expect(db.includes(secret)).toBe(false);
      expect(wal.includes(secret)).toBe(false);
    }
    expect((await send("DELETE", `/api/auth/tokens/${made.info.id}`, undefined, bearer)).status).toBe(204);
    const after = await get("/api/flows", bearer);
    expect(after.status).toBe(401);
    expect(((await after.json()) as any).error.message).toMatch(/revoked/);
  });

  test("a wrong password and an unknown username get the same 401", async () => {
    const wrong = await send("POST", "/api/auth/sign-in", { username: "root", password: "not the password" });
    const unknown = await send("POST", "/api/auth/sign-in", { username: "nosuchuser", password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toBe(await unknown.text());
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  test("admins make roles and users; a reviewer sees people without emails; built-in roles stay", async () => {
    await createRole(server.url, admin, "legal");
    const made = await send("POST", "/api/users", { username: "lee", name: "Lee", email: "lee@example.com", password: PASSWORD, roles: ["legal"] }, withSession(admin));
    expect(made.status).toBe(201);
    const lee = (await made.json()) as any;
    expect(lee).toMatchObject({ username: "lee", email: "lee@example.com", roles: ["legal"] });
    expect(lee.passwordHash).toBeUndefined();
    const unknownRole = await send("POST", "/api/users", { username: "max", name: "Max", password: PASSWORD, roles: ["finance"] }, withSession(admin));
    expect(unknownRole.status).toBe(422);
    expect(((await unknownRole.json()) as any).error.path).toBe("roles[0]");
    expect((await send("DELETE", "/api/roles/admin", undefined, withSession(admin))).status).toBe(409);

    const reviewer = await signIn(server.url, "lee");
    const people = await (await get("/api/people", { cookie: reviewer.cookie })).text();
    expect(JSON.parse(people).people).toContainEqual({ username: "lee", name: "Lee", roles: ["legal"] });
    expect(people).not.toContain("@example.com");
    const refused = await get("/api/users", { cookie: reviewer.cookie });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error.message).toBe("GET /api/users needs the permission users.manage; you (lee) have legal");
  });

  test("a disabled account is signed out everywhere; the last admin cannot be disabled", async () => {
    await createUser(server.url, admin, "dana", ["designer"]);
    const dana = await signIn(server.url, "dana");
    const token = (await makeToken(server.url, dana)).token;
    const id = (((await (await get("/api/users", { cookie: admin.cookie })).json()) as any).users as any[]).find((u) => u.username === "dana").id;
    expect((await send("PATCH", `/api/users/${id}`, { disabled: true }, withSession(admin))).status).toBe(200);
    expect((await get("/api/flows", { cookie: dana.cookie })).status).toBe(401);
    expect((await get("/api/flows", { authorization: `Bearer ${token}` })).status).toBe(401);
    const last = await send("PATCH", `/api/users/${admin.me.user!.id}`, { roles: ["designer"] }, withSession(admin));
    expect(last.status).toBe(409);
    expect(((await last.json()) as any).error.code).toBe("last_admin");
  });

  test("sign-out ends the session", async () => {
    const s = await signIn(server.url, "lee");
    expect((await send("POST", "/api/auth/sign-out", undefined, withSession(s))).status).toBe(204);
    expect((await get("/api/runs", { cookie: s.cookie })).status).toBe(401);
  });

  test("the accounts log has who did each thing, and no secret", async () => {
    const { entries } = await withAccounts(server.dataDir, (accounts) => accounts.logEntries({ limit: 500 }));
    const seen = entries.map((e) => `${e.action} ${e.actor?.name ?? "-"}`);
    for (const line of [
      "user-created Root Admin",
      "token-created Root Admin",
      "token-revoked Root Admin",
      "sign-in-failed Root Admin",
      "sign-in-failed -",
      "role-created Root Admin",
      "user-created Root Admin",
      "sign-in Lee",
      "user-updated Root Admin",
      "sign-out Lee",
    ]) {
      expect(seen).toContain(line);
    }
    expect(entries.find((e) => e.action === "sign-in")?.actor).toMatchObject({ userId: expect.any(String), via: "http" });
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });
});

/** A sign-in from a given loopback address (127.0.0.2, …), as a different client would be. */
function signInFrom(url: string, localAddress: string, username: string, password: string): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/auth/sign-in`, { method: "POST", headers: json, localAddress }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode!, retryAfter: res.headers["retry-after"] }));
    });
    req.on("error", reject);
    req.end(JSON.stringify({ username, password }));
  });
}

describe("sign-in is rate limited", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
    await setupAdmin(server.url, "root");
  });
  afterAll(() => server.stop());

  test("5 failures for one username, from anywhere, refuse it with 429 and Retry-After, even with the right password", async () => {
    for (let i = 2; i <= 6; i++) expect((await signInFrom(server.url, `127.0.0.${i}`, "root", "wrong password")).status).toBe(401);
    const refused = await signInFrom(server.url, "127.0.0.7", "root", PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  });

  test("5 failures from one address refuse it for every username", async () => {
    for (let i = 0; i < 5; i++) expect((await signInFrom(server.url, "127.0.0.8", `nobody${i}`, "wrong password")).status).toBe(401);
    expect((await signInFrom(server.url, "127.0.0.8", "someone-else", "wrong password")).status).toBe(429);
    // Another address is not held back by that one.
    expect((await signInFrom(server.url, "127.0.0.9", "someone-else", "wrong password")).status).toBe(401);
  });
});

describe("off loopback, TANDEM_TOKEN", () => {
  const token = "server-token-of-a-good-length-0123456789";
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ args: ["--host", "0.0.0.0"], env: { TANDEM_TOKEN: token } });
  });
  afterAll(() => server.stop());
  const bearer = { ...json, authorization: `Bearer ${token}` };

  test("guards everything before setup, acts as an admin service principal, and may set up the first admin", async () => {
    expect((await fetch(`${server.url}/api/auth/me`)).status).toBe(401);
    const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: bearer })).json()) as any;
    expect(me).toMatchObject({ mode: "accounts", setupNeeded: true, user: { name: "server token", roles: ["admin"] } });
    const setup = await fetch(`${server.url}/api/auth/setup`, { method: "POST", headers: bearer, body: JSON.stringify({ username: "root", name: "Root", password: PASSWORD }) });
    expect(setup.status).toBe(201);
  });

  test("after setup, people sign in without the token, and the token still acts as admin", async () => {
    const root = await signIn(server.url, "root");
    expect((await fetch(`${server.url}/api/users`, { headers: { cookie: root.cookie } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/users`, { headers: bearer })).status).toBe(200);
    const tokens = await fetch(`${server.url}/api/auth/tokens`, { method: "POST", headers: bearer, body: JSON.stringify({ name: "x" }) });
    expect(tokens.status).toBe(403);
    expect(((await tokens.json()) as any).error.code).toBe("no_account");
  });
});
