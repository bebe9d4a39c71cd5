// Accounts on a running server for tests, through the API as a person would make them: the
// first admin by setup, others by that admin, a session by sign-in, a token per person.
import type { Me, TokenCreated } from "@tandem/shared";
import type { AccountStore } from "../../src/store/accounts.js";
import { createAccountStore } from "../../src/store/accounts-sql.js";
import { openSql } from "../../src/store/open.js";

export const PASSWORD = "correct horse battery staple";

export interface Session {
  cookie: string;
  csrfToken: string;
  /** The session id itself (the cookie's value), for leak checks. */
  id: string;
  me: Me;
  setCookie: string;
}

const jsonHeaders = { "content-type": "application/json" };

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(body) });
}

function sessionOf(res: Response, me: Me): Session {
  const setCookie = res.headers.get("set-cookie") ?? "";
  const id = /tandem_session=([^;]+)/.exec(setCookie)?.[1];
  if (!id || !me.csrfToken) throw new Error(`no session started: ${res.status} ${JSON.stringify(me)}`);
  return { cookie: `tandem_session=${id}`, csrfToken: me.csrfToken, id, me, setCookie };
}

/** POST /api/auth/setup on an open server: the first admin, signed in. */
export async function setupAdmin(server: string, username = "root", password = PASSWORD): Promise<Session> {
  const res = await post(`${server}/api/auth/setup`, { username, name: "Root Admin", password });
  if (res.status !== 201) throw new Error(`setup: ${res.status} ${await res.text()}`);
  return sessionOf(res, (await res.json()) as Me);
}

export async function signIn(server: string, username: string, password = PASSWORD): Promise<Session> {
  const res = await post(`${server}/api/auth/sign-in`, { username, password });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
  return sessionOf(res, (await res.json()) as Me);
}

/** The headers a session's state-changing request carries. */
export const withSession = (s: Session) => ({ cookie: s.cookie, "x-csrf-token": s.csrfToken });

export async function makeToken(server: string, session: Session, name = "tests"): Promise<TokenCreated> {
  const res = await post(`${server}/api/auth/tokens`, { name }, withSession(session));
  if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
  return (await res.json()) as TokenCreated;
}

export async function createRole(server: string, admin: Session, name: string): Promise<void> {
  const res = await post(`${server}/api/roles`, { name }, withSession(admin));
  if (res.status !== 201) throw new Error(`role ${name}: ${res.status} ${await res.text()}`);
}

export async function createUser(server: string, admin: Session, username: string, roles: string[], password = PASSWORD): Promise<void> {
  const res = await post(`${server}/api/users`, { username, name: username[0]!.toUpperCase() + username.slice(1), password, roles }, withSession(admin));
  if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${await res.text()}`);
}

/** What a server's accounts store keeps (a data directory or a database URL), opened beside the server for a look. */
export async function withAccounts<T>(target: string, look: (accounts: AccountStore) => Promise<T>): Promise<T> {
  const { sql } = await openSql(target);
  try {
    return await look(createAccountStore(sql));
  } finally {
    await sql.close();
  }
}
