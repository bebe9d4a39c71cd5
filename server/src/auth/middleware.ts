// Who is asking, for every /api request, and whether the route lets them: an open server
// (loopback, no accounts, no TANDEM_TOKEN) lets everyone do everything as before; otherwise a
// request is a user by session cookie (state-changing ones need X-CSRF-Token), a user by
// personal token, the admin service principal by TANDEM_TOKEN, or nobody. Then the route's
// entry in the permission table decides.
import { timingSafeEqual } from "node:crypto";
import type { UserInfo, Via } from "@tandem/shared";
import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../http/errors.js";
import { isApi, isLoopback, STATE_CHANGING } from "../http/security.js";
import type { AccountStore } from "../store/accounts.js";
import { permissionsFor, setPrincipal, type Principal } from "./principal.js";
import { accessFor, type RouteAccess } from "./route-permissions.js";
import { digestOf, TOKEN_PREFIX } from "./secrets.js";
import { readSession } from "./sessions.js";

export interface AuthOptions {
  accounts: AccountStore;
  /** The address the server is bound to: open mode is for loopback only. */
  host: string;
  /** TANDEM_TOKEN: a bearer with it is an admin service principal. */
  token?: string;
  now?: () => number;
}

/** What TANDEM_TOKEN stands for: a service with every permission, recorded as "server token". */
export const SERVICE_USER: UserInfo = { id: "server-token", username: "server-token", name: "server token", roles: ["admin"], createdAt: 0 };

const CLIENT_VIAS: ReadonlySet<string> = new Set<Via>(["studio", "terminal", "sdk"]);

/** How a bearer or open request says it came: X-Tandem-Via if it is studio, terminal or sdk, else "http". */
function viaOf(c: Context): Via {
  const via = c.req.header("x-tandem-via")?.toLowerCase();
  return via && CLIENT_VIAS.has(via) ? (via as Via) : "http";
}

/** Whether the server admits everyone without sign-in: no accounts, on loopback, no TANDEM_TOKEN. */
export async function isOpen(options: AuthOptions): Promise<boolean> {
  return !options.token && isLoopback(options.host) && (await options.accounts.userCount()) === 0;
}

/** Routes whose requests carry their own proof, which the route checks: an answer link's, a deployment's key. */
const OWN_CREDENTIAL = [/^\/api\/links\/[^/]+\/answer$/, /^\/api\/deployments\/[^/]+\/runs(?:\/|$)/];
const ownCredential = (path: string) => OWN_CREDENTIAL.some((r) => r.test(path));

const sameSecret = (a: string, b: string) => timingSafeEqual(Buffer.from(digestOf(a)), Buffer.from(digestOf(b)));

const unauthenticated = (message: string) =>
  new ApiError(401, "unauthenticated", message, undefined, undefined, { "WWW-Authenticate": 'Bearer realm="tandem"' });

async function identify(c: Context, options: AuthOptions, now: number): Promise<Principal> {
  const { accounts, token } = options;
  if (await isOpen(options)) return { kind: "open", via: viaOf(c) };
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (bearer !== undefined) {
    if (token && sameSecret(bearer, token)) return { kind: "user", user: SERVICE_USER, via: viaOf(c) };
    const used = bearer.startsWith(TOKEN_PREFIX) ? await accounts.useToken(digestOf(bearer), now) : undefined;
    const user = used && (await accounts.user(used.userId));
    if (user) return { kind: "user", user: active(user), via: viaOf(c) };
    // Any other bearer (a deployment's key) on a route that checks its own credential is that route's to judge.
    if (ownCredential(c.req.path)) return { kind: "nobody", via: viaOf(c) };
    throw await badBearer(options);
  }
  const session = await readSession(c, accounts, now);
  const user = session && (await accounts.user(session.userId));
  if (session && user) {
    if (STATE_CHANGING.has(c.req.method) && accessFor(c.req.method, c.req.path) !== "public") {
      const sent = c.req.header("x-csrf-token");
      if (!sent || !sameSecret(sent, session.csrfToken)) {
        throw new ApiError(403, "csrf", `${c.req.method} with the session cookie needs the X-CSRF-Token header that GET /api/auth/me gives`);
      }
    }
    return { kind: "user", user: active(user), via: "studio" };
  }
  // With no accounts yet, TANDEM_TOKEN guards everything, as before accounts existed, except an
  // answer link's answer and a deployment's endpoint: the signed link or the key is their credential.
  if (token && (await accounts.userCount()) === 0 && !ownCredential(c.req.path)) throw await badBearer(options);
  return { kind: "nobody", via: viaOf(c) };
}

async function badBearer(options: AuthOptions): Promise<ApiError> {
  if (options.token && (await options.accounts.userCount()) === 0) {
    return new ApiError(401, "unauthorized", "this server needs a bearer token: send Authorization: Bearer <TANDEM_TOKEN>", undefined, undefined, {
      "WWW-Authenticate": 'Bearer realm="tandem"',
    });
  }
  return unauthenticated("this token is not valid (mistyped, or revoked): sign in again with `tandem login`, or make a new token");
}

/** The user without what only the server reads; a disabled account is refused. */
function active(user: UserInfo & { passwordHash?: string }): UserInfo {
  if (user.disabled) throw unauthenticated(`the account ${user.username} is disabled: ask an admin`);
  const { passwordHash: _, ...info } = user;
  return info;
}

/** Refuses what the route's entry does not allow `p`. */
export function checkAccess(p: Principal, access: RouteAccess | undefined, method: string, path: string): void {
  if (p.kind === "open" || access === "public") return;
  if (p.kind !== "user") {
    throw unauthenticated("sign in first: send the session cookie (POST /api/auth/sign-in) or Authorization: Bearer <personal token> (tandem login)");
  }
  if (access === undefined) throw new ApiError(403, "forbidden", `${method} ${path} is not in the permission table, so it is refused`);
  if (access === "signed-in" || permissionsFor(p).has(access)) return;
  const roles = p.user.roles.length ? p.user.roles.join(", ") : "no roles";
  throw new ApiError(403, "forbidden", `${method} ${path} needs the permission ${access}; you (${p.user.username}) have ${roles}`);
}

export function auth(options: AuthOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  return async (c, next) => {
    if (!isApi(c.req.path)) return next();
    const principal = await identify(c, options, now());
    setPrincipal(c, principal);
    checkAccess(principal, accessFor(c.req.method, c.req.path), c.req.method, c.req.path);
    await next();
  };
}
