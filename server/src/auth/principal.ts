// Who is making a request, as the auth middleware found out: nobody in particular (an open
// server: loopback with no accounts, single-user as before), a signed-in user (session cookie
// or personal API token), or the person of an answer link. Routes ask for it here and turn it
// into the Actor their events record.
import type { Actor, Permission, Person, UserInfo, Via } from "@tandem/shared";
import { permissionsOf, PERMISSIONS } from "@tandem/shared";
import type { Context } from "hono";

export type Principal =
  /** No accounts, loopback: everything is allowed and answers carry the name the caller gives. */
  | { kind: "open"; via: Via }
  | { kind: "user"; user: UserInfo; via: Via }
  /** No session or token on a server with accounts: only public routes answer. */
  | { kind: "nobody"; via: Via }
  /** An answer link's person: may answer the link's one request, nothing else. */
  | { kind: "link"; name: string; userId?: string; runId: string; requestId: string };

const KEY = "tandem.principal";

export function setPrincipal(c: Context, principal: Principal): void {
  c.set(KEY as never, principal as never);
}

/** The request's principal; an app without the auth middleware (tests of single routes) is open. */
export function principalOf(c: Context): Principal {
  return (c.get(KEY as never) as Principal | undefined) ?? { kind: "open", via: "http" };
}

export function permissionsFor(p: Principal): ReadonlySet<Permission> {
  if (p.kind === "open") return new Set(PERMISSIONS);
  if (p.kind === "link" || p.kind === "nobody") return new Set();
  return p.user.disabled ? new Set() : permissionsOf(p.user.roles);
}

/** The person assignment checks, or undefined on an open server (where everyone may answer). */
export function personOf(p: Principal): (Person & { admin: boolean }) | undefined {
  if (p.kind !== "user") return undefined;
  return { username: p.user.username, roles: p.user.roles, admin: p.user.roles.includes("admin") };
}

/**
 * The actor an event records: the signed-in user, the link's person, or on an open server the
 * name the caller gave (`by`, default "someone").
 */
export function actorOf(p: Principal, by?: string): Actor {
  if (p.kind === "user") return { userId: p.user.id, name: p.user.name, via: p.via };
  if (p.kind === "link") return { ...(p.userId ? { userId: p.userId } : {}), name: p.name, via: "link" };
  return { name: by ?? "someone", via: p.via };
}
