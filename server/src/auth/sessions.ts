// Sign-in sessions: a random id in an httpOnly, SameSite=Strict cookie, kept in the store only
// as its SHA-256, with a CSRF token the studio sends back as X-CSRF-Token. A session lasts 14
// days from its last use, renewed at most once an hour so that reads do not write.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AccountStore, StoredSession } from "../store/accounts.js";
import { digestOf, newSecret } from "./secrets.js";

export const SESSION_COOKIE = "tandem_session";
export const SESSION_MS = 14 * 24 * 3600_000;
const RENEW_MS = 3600_000;
const KEY = "tandem.session";

function writeCookie(c: Context, id: string): void {
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: SESSION_MS / 1000,
  });
}

/** A new session for `userId`, its cookie set on the response. */
export async function startSession(c: Context, accounts: AccountStore, userId: string, now: number): Promise<StoredSession> {
  const id = newSecret();
  const session: StoredSession = { idHash: digestOf(id), userId, csrfToken: newSecret(), createdAt: now, expiresAt: now + SESSION_MS };
  await accounts.createSession(session);
  c.set(KEY as never, session as never);
  writeCookie(c, id);
  return session;
}

/** The live session the request's cookie names (renewing it when due), or undefined. */
export async function readSession(c: Context, accounts: AccountStore, now: number): Promise<StoredSession | undefined> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await accounts.session(digestOf(id));
  if (!session) return undefined;
  if (session.expiresAt <= now) {
    await accounts.deleteSession(session.idHash);
    return undefined;
  }
  if (session.expiresAt - now < SESSION_MS - RENEW_MS) {
    session.expiresAt = now + SESSION_MS;
    await accounts.touchSession(session.idHash, session.expiresAt);
    writeCookie(c, id);
  }
  c.set(KEY as never, session as never);
  return session;
}

/** The session this request was signed in with (or started), if any. */
export function sessionOf(c: Context): StoredSession | undefined {
  return c.get(KEY as never) as StoredSession | undefined;
}

export async function endSession(c: Context, accounts: AccountStore): Promise<void> {
  const session = sessionOf(c);
  if (session) await accounts.deleteSession(session.idHash);
  deleteCookie(c, SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "Strict" });
}
