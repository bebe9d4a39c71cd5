// The accounts store on a real SQLite file, and password hashing: what is stored is kept across
// reopening, roles and tokens behave as the interface says, and no secret is stored in the clear.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hashPassword, verifyAgainstNobody, verifyPassword } from "../src/auth/passwords.js";
import { failureLimiter } from "../src/auth/rate-limit.js";
import { digestOf, newApiToken, newSecret } from "../src/auth/secrets.js";
import type { StoredUser } from "../src/store/accounts.js";
import { createSqliteAccountStore } from "../src/store/accounts-sqlite.js";
import { openDb, type Db } from "../src/store/db.js";

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function store(dir = mkdtempSync(join(tmpdir(), "tandem-accounts-"))) {
  const db = openDb(dir);
  open.push(db);
  return { dir, db, accounts: createSqliteAccountStore(db) };
}

const user = (username: string, roles: string[], passwordHash = "scrypt$x"): StoredUser => ({
  id: `id-${username}`,
  username,
  name: username.toUpperCase(),
  roles,
  createdAt: 1,
  passwordHash,
});

describe("passwords", () => {
  it("are hashed with scrypt and their parameters, salted, and checked", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("correct horse battery", "md5$abc")).toBe(false);
    expect(await verifyAgainstNobody("correct horse battery")).toBe(false);
  });
});

describe("secrets", () => {
  it("are 32 random bytes; tokens start tdm_; stored digests are SHA-256", () => {
    expect(newSecret()).toMatch(/^[\w-]{43}$/);
    expect(newApiToken()).toMatch(/^tdm_[\w-]{43}$/);
    expect(digestOf("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("the SQLite accounts store", () => {
  it("keeps users across reopening the file, by id and by username", () => {
    const { dir, db, accounts } = store();
    expect(accounts.userCount()).toBe(0);
    accounts.createUser({ ...user("ana", ["admin"]), email: "ana@example.com" });
    accounts.updateUser("id-ana", { lastSignInAt: 5, name: "Ana Silva" });
    db.close();
    open.pop();
    const again = store(dir).accounts;
    expect(again.userCount()).toBe(1);
    expect(again.userByName("ana")).toEqual({ ...user("ana", ["admin"]), name: "Ana Silva", email: "ana@example.com", lastSignInAt: 5 });
    expect(again.user("id-ana")?.username).toBe("ana");
    expect(again.updateUser("nobody", { name: "x" })).toBeUndefined();
  });

  it("lists built-in roles with created ones; deleting a role takes it from its members, built-ins stay", () => {
    const { accounts } = store();
    accounts.createRole("legal", "contracts");
    accounts.createUser(user("lee", ["legal", "operator"]));
    expect(accounts.roles()).toEqual([
      { name: "admin", builtin: true, description: "built in: admin", members: 0 },
      { name: "designer", builtin: true, description: "built in: designer", members: 0 },
      { name: "operator", builtin: true, description: "built in: operator", members: 1 },
      { name: "legal", builtin: false, description: "contracts", members: 1 },
    ]);
    expect(accounts.deleteRole("operator")).toBe(false);
    expect(accounts.deleteRole("finance")).toBe(false);
    expect(accounts.deleteRole("legal")).toBe(true);
    expect(accounts.user("id-lee")?.roles).toEqual(["operator"]);
  });

  it("finds sessions by digest; a new password ends them", () => {
    const { accounts } = store();
    accounts.createUser(user("ana", ["admin"]));
    accounts.createSession({ idHash: "h1", userId: "id-ana", csrfToken: "c", createdAt: 1, expiresAt: 10 });
    accounts.touchSession("h1", 20);
    expect(accounts.session("h1")?.expiresAt).toBe(20);
    accounts.updateUser("id-ana", { passwordHash: "scrypt$y" });
    expect(accounts.session("h1")).toBeUndefined();
  });

  it("finds a token by its digest, notes its use, lists and revokes it for its owner only", () => {
    const { dir, accounts } = store();
    accounts.createUser(user("ana", ["admin"]));
    accounts.createUser(user("bob", []));
    const token = newApiToken();
    accounts.createToken("id-ana", { id: "t1", name: "laptop", prefix: token.slice(0, 8), createdAt: 1 }, digestOf(token));
    expect(accounts.useToken(digestOf(token), 7)).toEqual({ userId: "id-ana", info: { id: "t1", name: "laptop", prefix: token.slice(0, 8), createdAt: 1, lastUsedAt: 7 } });
    expect(accounts.listTokens("id-ana")[0]?.lastUsedAt).toBe(7);
    expect(readFileSync(join(dir, "tandem.db")).includes(token)).toBe(false);
    expect(accounts.revokeToken("id-bob", "t1")).toBe(false);
    expect(accounts.revokeToken("id-ana", "t1")).toBe(true);
    expect(accounts.useToken(digestOf(token), 8)).toBeUndefined();
  });

  it("logs account entries, newest first, by user and time, with a total", () => {
    const { accounts } = store();
    const ana = { userId: "id-ana", name: "Ana", via: "studio" as const };
    accounts.log({ at: 1, action: "sign-in", actor: ana, detail: "signed in" });
    accounts.log({ at: 2, action: "sign-in-failed", actor: null, detail: "no such username" });
    accounts.log({ at: 3, action: "sign-out", actor: ana, detail: "signed out" });
    expect(accounts.logEntries({}).entries.map((e) => e.at)).toEqual([3, 2, 1]);
    expect(accounts.logEntries({ userId: "id-ana" })).toMatchObject({ total: 2, entries: [{ action: "sign-out" }, { action: "sign-in" }] });
    expect(accounts.logEntries({ from: 2, to: 2 }).entries).toEqual([{ at: 2, action: "sign-in-failed", actor: null, detail: "no such username" }]);
    expect(accounts.logEntries({ limit: 1, offset: 1 })).toMatchObject({ total: 3, entries: [{ at: 2 }] });
  });
});

describe("the failed sign-in limiter", () => {
  it("refuses a key after 5 failures in 5 minutes until the oldest ages out", () => {
    const limiter = failureLimiter();
    for (let i = 0; i < 5; i++) limiter.fail("user:ana", 1000 + i);
    expect(limiter.retryAfter("other", 2000)).toBe(0);
    expect(limiter.retryAfter("user:ana", 2000)).toBe(299);
    expect(limiter.retryAfter("user:ana", 1000 + 300_000)).toBe(0);
    limiter.clear("user:ana");
    expect(limiter.retryAfter("user:ana", 2000)).toBe(0);
  });
});
