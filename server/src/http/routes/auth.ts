// /api/auth: who am I (and how this server admits people), the first admin's setup, sign-in and
// sign-out with a session cookie, and the caller's personal API tokens (shown once, revocable).
import { randomUUID } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { PERMISSIONS, type Me } from "@tandem/shared";
import type { Context } from "hono";
import { callerActor, logAccounts, ownAccount, publicUser } from "../../auth/accounts.js";
import { SERVICE_USER, type AuthOptions } from "../../auth/middleware.js";
import { hashPassword, verifyAgainstNobody, verifyPassword } from "../../auth/passwords.js";
import { permissionsFor, principalOf, setPrincipal } from "../../auth/principal.js";
import { failureLimiter } from "../../auth/rate-limit.js";
import { digestOf, newApiToken } from "../../auth/secrets.js";
import { endSession, sessionOf, startSession } from "../../auth/sessions.js";
import { ApiError } from "../errors.js";
import { body, errorResponses, IdParam, json } from "../schemas.js";
import { CreateTokenBody, MeSchema, SetupBody, SignInBody, TokenCreatedSchema, TokenSchema } from "./accounts-schemas.js";

const tooMany = { 429: { description: "Too many failed sign-ins: try again after Retry-After seconds" } };

const me = createRoute({
  method: "get",
  path: "/me",
  summary: "How this server admits people, and who the caller is",
  responses: { 200: json(MeSchema, "The caller") },
});
const setup = createRoute({
  method: "post",
  path: "/setup",
  summary: "Make the first account, an admin, and sign it in (only while no account exists)",
  request: { body: body(SetupBody) },
  responses: { 201: json(MeSchema, "Signed in as the new admin"), ...errorResponses(403, 409, 422) },
});
const signIn = createRoute({
  method: "post",
  path: "/sign-in",
  summary: "Sign in: sets the session cookie",
  request: { body: body(SignInBody) },
  responses: { 200: json(MeSchema, "Signed in"), ...errorResponses(401, 422), ...tooMany },
});
const signOut = createRoute({
  method: "post",
  path: "/sign-out",
  summary: "End this session",
  responses: { 204: { description: "Signed out" }, ...errorResponses(401, 403) },
});
const listTokens = createRoute({
  method: "get",
  path: "/tokens",
  summary: "The caller's personal API tokens (never the tokens themselves)",
  responses: { 200: json(z.object({ tokens: z.array(TokenSchema) }), "The tokens"), ...errorResponses(401, 403) },
});
const createToken = createRoute({
  method: "post",
  path: "/tokens",
  summary: "Make a personal API token: the response is the only time it is shown",
  request: { body: body(CreateTokenBody) },
  responses: { 201: json(TokenCreatedSchema, "The new token"), ...errorResponses(401, 403, 422) },
});
const revokeToken = createRoute({
  method: "delete",
  path: "/tokens/{id}",
  summary: "Revoke one of the caller's tokens",
  request: { params: IdParam },
  responses: { 204: { description: "Revoked" }, ...errorResponses(401, 403, 404) },
});

/** Where a request came from, for the per-address limit; unknown outside a real server. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function authRoutes(options: AuthOptions) {
  const { accounts } = options;
  const now = options.now ?? Date.now;
  const limiter = failureLimiter();

  const meOf = async (c: Context): Promise<Me> => {
    const p = principalOf(c);
    const setupNeeded = (await accounts.userCount()) === 0;
    if (p.kind === "open") return { mode: "open", setupNeeded, user: null, permissions: [...PERMISSIONS] };
    const session = sessionOf(c);
    return {
      mode: "accounts",
      setupNeeded,
      user: p.kind === "user" ? p.user : null,
      permissions: [...permissionsFor(p)],
      ...(session ? { csrfToken: session.csrfToken } : {}),
    };
  };

  return new OpenAPIHono()
    .openapi(me, async (c) => c.json(await meOf(c), 200))
    .openapi(setup, async (c) => {
      const taken = () => new ApiError(409, "already_set_up", "an account exists already: sign in, or ask an admin for one");
      if ((await accounts.userCount()) > 0) throw taken();
      const p = principalOf(c);
      // Open on loopback, or holding TANDEM_TOKEN: a stranger off loopback never gets here first.
      if (p.kind !== "open" && !(p.kind === "user" && options.token && p.user.id === SERVICE_USER.id)) {
        throw new ApiError(403, "forbidden", "setup is only for this machine (loopback) or a holder of TANDEM_TOKEN");
      }
      const { username, name, password } = c.req.valid("json");
      const passwordHash = await hashPassword(password);
      const user = { id: randomUUID(), username, name, roles: ["admin"], createdAt: now(), passwordHash };
      // Checked again as it is made: of two setups at once, one makes the admin.
      if (!(await accounts.createFirstUser(user))) throw taken();
      const actor = { userId: user.id, name, via: p.via };
      await logAccounts(accounts, "user-created", actor, `${username} (first admin, at setup)`, now());
      await startSession(c, accounts, user.id, now());
      setPrincipal(c, { kind: "user", user: publicUser(user), via: "studio" });
      return c.json(await meOf(c), 201);
    })
    .openapi(signIn, async (c) => {
      const { username, password } = c.req.valid("json");
      const keys = [`user:${username.toLowerCase()}`, `address:${clientAddress(c)}`];
      const wait = Math.max(...keys.map((k) => limiter.retryAfter(k, now())));
      if (wait > 0) {
        throw new ApiError(429, "rate_limited", `too many failed sign-ins: try again in ${wait} seconds`, undefined, undefined, { "Retry-After": String(wait) });
      }
      const user = await accounts.userByName(username);
      const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNobody(password);
      const p = principalOf(c);
      const via = p.kind === "link" ? "link" : p.via;
      if (!user || !ok || user.disabled) {
        for (const k of keys) limiter.fail(k, now());
        const why = !user ? "no such username" : !ok ? "wrong password" : "account disabled";
        await logAccounts(accounts, "sign-in-failed", user ? { userId: user.id, name: user.name, via } : null, why, now());
        // The same answer whichever was wrong, so that it does not tell which usernames exist.
        throw new ApiError(401, "invalid_credentials", "wrong username or password");
      }
      limiter.clear(keys[0]!);
      const signedIn = (await accounts.updateUser(user.id, { lastSignInAt: now() }))!;
      await logAccounts(accounts, "sign-in", { userId: user.id, name: user.name, via }, "signed in", now());
      await startSession(c, accounts, user.id, now());
      setPrincipal(c, { kind: "user", user: publicUser(signedIn), via: "studio" });
      return c.json(await meOf(c), 200);
    })
    .openapi(signOut, async (c) => {
      const actor = callerActor(c);
      await endSession(c, accounts);
      await logAccounts(accounts, "sign-out", actor, "signed out", now());
      return c.body(null, 204);
    })
    .openapi(listTokens, async (c) => c.json({ tokens: await accounts.listTokens((await ownAccount(c, accounts)).id) }, 200))
    .openapi(createToken, async (c) => {
      const user = await ownAccount(c, accounts);
      const token = newApiToken();
      const info = { id: randomUUID(), name: c.req.valid("json").name, prefix: token.slice(0, 8), createdAt: now() };
      await accounts.createToken(user.id, info, digestOf(token));
      await logAccounts(accounts, "token-created", callerActor(c), `token "${info.name}" (${info.prefix}…)`, now());
      return c.json({ token, info }, 201);
    })
    .openapi(revokeToken, async (c) => {
      const user = await ownAccount(c, accounts);
      const { id } = c.req.valid("param");
      if (!(await accounts.revokeToken(user.id, id))) throw new ApiError(404, "not_found", `you have no token "${id}"`);
      await logAccounts(accounts, "token-revoked", callerActor(c), `token ${id}`, now());
      return c.body(null, 204);
    });
}
