// What changing accounts needs wherever it is done (routes, the CLI): the user as the API shows
// it (no hash), the signed-in account a route acts for, role names checked, and the accounts log.
import type { Actor, AuditAction, UserInfo } from "@tandem/shared";
import type { Context } from "hono";
import { ApiError } from "../http/errors.js";
import type { AccountStore, StoredUser } from "../store/accounts.js";
import { actorOf, principalOf } from "./principal.js";

export function publicUser({ passwordHash: _, ...info }: StoredUser): UserInfo {
  return info;
}

/** The caller's own account; the open server and the server token have none. */
export async function ownAccount(c: Context, accounts: AccountStore): Promise<StoredUser> {
  const p = principalOf(c);
  const user = p.kind === "user" ? await accounts.user(p.user.id) : undefined;
  if (!user) throw new ApiError(403, "no_account", "this needs a signed-in account (the open server and the server token have none)");
  return user;
}

export function logAccounts(accounts: AccountStore, action: AuditAction, actor: Actor | null, detail: string, now = Date.now()): Promise<void> {
  return accounts.log({ at: now, action, actor, detail });
}

/** The caller as the accounts log records them. */
export function callerActor(c: Context): Actor {
  return actorOf(principalOf(c));
}

/** The index of the first role this server does not have, or -1. */
export async function unknownRole(accounts: AccountStore, roles: readonly string[]): Promise<number> {
  const known = new Set((await accounts.roles()).map((r) => r.name));
  return roles.findIndex((r) => !known.has(r));
}
