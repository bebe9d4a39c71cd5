// The accounts store's conformance suite: SQLite (a real file) and Postgres (a real server) are
// held to the same behaviour: users and how their usernames match, roles and their members,
// sessions, tokens and their last use, the accounts log's order, filters and pages, and what a
// change ends (sessions) or takes with it (a role from its members, a user's sessions and tokens).
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { digestOf, newApiToken } from "../src/auth/secrets.js";
import type { AccountStore, StoredUser } from "../src/store/accounts.js";
import { createAccountStore } from "../src/store/accounts-sql.js";
import { openSql } from "../src/store/open.js";
import type { Sql } from "../src/store/sql/types.js";
import { sqlBackends, testPostgres, type SqlBackend } from "./helpers/backends.js";

const user = (username: string, roles: string[] = [], extra: Partial<StoredUser> = {}): StoredUser => ({
  id: `id-${username}`,
  username,
  name: username.toUpperCase(),
  roles,
  createdAt: 1,
  passwordHash: "scrypt$x",
  ...extra,
});

const opened: Sql[] = [];
afterAll(() => Promise.all(opened.splice(0).map((s) => s.close())));

let databases = 0;

/**
 * An empty database whose text collation is a language's where the backend has one: on
 * Postgres, ICU en-US (which orders "a_b" before "a-c"); SQLite orders text by code point.
 */
async function languageCollated(backend: SqlBackend): Promise<Sql> {
  if (backend.name === "sqlite") return backend.open();
  const server = await testPostgres();
  const name = `tandem_en_us_${process.pid}_${++databases}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  const { sql } = await openSql(url.toString());
  opened.push(sql);
  return sql;
}

const session = (idHash: string, userId: string, expiresAt = 10) => ({ idHash, userId, csrfToken: `csrf-${idHash}`, createdAt: 1, expiresAt });

describe.each(sqlBackends)("the accounts store on $name", (backend) => {
  const store = async (): Promise<{ sql: Sql; accounts: AccountStore }> => {
    const sql = await backend.open();
    return { sql, accounts: createAccountStore(sql) };
  };

  describe("users", () => {
    it("keeps users across reopening the database, by id and by username, and counts them", async () => {
      const target = await backend.target();
      const first = await openSql(target);
      const accounts = createAccountStore(first.sql);
      expect(await accounts.userCount()).toBe(0);
      await accounts.createUser(user("ana", ["admin"], { email: "ana@example.com" }));
      await accounts.createUser(user("bob"));
      expect(await accounts.updateUser("id-ana", { lastSignInAt: 1_700_000_000_123, name: "Ana Silva" })).toMatchObject({ name: "Ana Silva" });
      await first.sql.close();

      const again = await openSql(target);
      try {
        const reopened = createAccountStore(again.sql);
        expect(await reopened.userCount()).toBe(2);
        expect(await reopened.userByName("ana")).toEqual(user("ana", ["admin"], { name: "Ana Silva", email: "ana@example.com", lastSignInAt: 1_700_000_000_123 }));
        expect((await reopened.user("id-bob"))?.username).toBe("bob");
        expect(await reopened.user("nobody")).toBeUndefined();
        expect(await reopened.updateUser("nobody", { name: "x" })).toBeUndefined();
      } finally {
        await again.sql.close();
      }
    });

    it("matches a username exactly, case included; a taken username is refused, even made at once, and nothing changes", async () => {
      const { accounts } = await store();
      await accounts.createUser(user("ana", ["admin"]));
      expect(await accounts.userByName("Ana")).toBeUndefined();
      expect(await accounts.userByName("ANA")).toBeUndefined();
      expect(await accounts.userByName("ana ")).toBeUndefined();
      expect(await accounts.createUser({ ...user("ana"), id: "id-other", name: "Other" })).toBe(false);
      expect(await accounts.userCount()).toBe(1);
      expect((await accounts.userByName("ana"))?.name).toBe("ANA");
      const made = await Promise.all(["1", "2", "3"].map((n) => accounts.createUser({ ...user("bob"), id: `id-bob-${n}` })));
      expect(made.filter(Boolean)).toHaveLength(1);
      expect(await accounts.userCount()).toBe(2);
    });

    it("makes the first account once: of several made at once one is made, and none once one exists", async () => {
      const { sql, accounts } = await store();
      // Connections made beforehand, so that the attempts below run side by side.
      await Promise.all(Array.from({ length: 4 }, () => sql.get("SELECT 1")));
      const made = await Promise.all(["ana", "bob", "cat", "dan"].map((name) => accounts.createFirstUser(user(name, ["admin"]))));
      expect(made.filter(Boolean)).toHaveLength(1);
      expect(await accounts.userCount()).toBe(1);
      expect(await accounts.createFirstUser(user("eve", ["admin"]))).toBe(false);
      expect((await accounts.listUsers()).map((u) => u.username)).toEqual([["ana", "bob", "cat", "dan"][made.indexOf(true)]]);
    });

    it("lists users by username and made roles by name in code-point order, whatever the database's collation", async () => {
      const accounts = createAccountStore(await languageCollated(backend));
      for (const name of ["b", "ab", "a_b", "a.d", "a-c"]) {
        await accounts.createUser(user(name));
        await accounts.createRole(name.replace(".", "-x"), "");
      }
      expect((await accounts.listUsers()).map((u) => u.username)).toEqual(["a-c", "a.d", "a_b", "ab", "b"]);
      expect((await accounts.roles()).filter((r) => !r.builtin).map((r) => r.name)).toEqual(["a-c", "a-xd", "a_b", "ab", "b"]);
    });

    it("disables and enables an account; disabling ends its sessions, enabling starts none", async () => {
      const { accounts } = await store();
      await accounts.createUser(user("ana", ["admin"]));
      await accounts.createSession(session("h1", "id-ana"));
      expect(await accounts.updateUser("id-ana", { disabled: true })).toMatchObject({ disabled: true });
      expect((await accounts.user("id-ana"))?.disabled).toBe(true);
      expect(await accounts.session("h1")).toBeUndefined();
      await accounts.updateUser("id-ana", { disabled: false });
      expect(await accounts.user("id-ana")).toEqual(user("ana", ["admin"]));
    });

    it("a change its check refuses changes nothing; of two changes at once, the check sees the other's", async () => {
      const { sql, accounts } = await store();
      await accounts.createUser(user("ana", ["admin"]));
      await accounts.createUser(user("bob", ["admin"]));
      await accounts.createSession(session("h1", "id-ana"));
      const keepAnAdmin = (users: StoredUser[]) => {
        if (!users.some((u) => u.roles.includes("admin") && !u.disabled)) throw new Error("no admin would be left");
      };
      // Connections made beforehand, so that the changes below run side by side.
      await Promise.all(Array.from({ length: 4 }, () => sql.get("SELECT 1")));
      const outcomes = await Promise.allSettled([
        accounts.updateUser("id-ana", { roles: ["designer"], passwordHash: "scrypt$new" }, keepAnAdmin),
        accounts.updateUser("id-bob", { roles: ["designer"] }, keepAnAdmin),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
      const admins = (await accounts.listUsers()).filter((u) => u.roles.includes("admin"));
      expect(admins).toHaveLength(1);
      // The refused change left its account as it was, sessions included.
      if (admins[0]!.id === "id-ana") {
        expect(await accounts.user("id-ana")).toEqual(user("ana", ["admin"]));
        expect(await accounts.session("h1")).toBeDefined();
      } else expect(await accounts.session("h1")).toBeUndefined();
    });

    it("takes changes to one account made at once, none lost", async () => {
      const { sql, accounts } = await store();
      await accounts.createUser(user("ana", ["admin"]));
      // Connections made beforehand, so that the changes below run side by side.
      await Promise.all(Array.from({ length: 4 }, () => sql.get("SELECT 1")));
      for (let round = 1; round <= 5; round++) {
        await Promise.all([
          accounts.updateUser("id-ana", { name: `Ana ${round}` }),
          accounts.updateUser("id-ana", { email: `ana${round}@example.com` }),
          accounts.updateUser("id-ana", { roles: ["admin", `r${round}`] }),
          accounts.updateUser("id-ana", { lastSignInAt: round }),
        ]);
        expect(await accounts.user("id-ana")).toEqual(user("ana", ["admin", `r${round}`], { name: `Ana ${round}`, email: `ana${round}@example.com`, lastSignInAt: round }));
      }
    });
  });

  describe("roles", () => {
    it("lists the built-in roles first, then the made ones in code-point order, with their members", async () => {
      const { accounts } = await store();
      await accounts.createRole("legal", "contracts");
      await accounts.createRole("finance_eu", "");
      await accounts.createRole("finance-us", "");
      await accounts.createUser(user("lee", ["legal", "operator"]));
      await accounts.createUser(user("kim", ["legal"]));
      expect(await accounts.roles()).toEqual([
        { name: "admin", builtin: true, description: "built in: admin", members: 0 },
        { name: "designer", builtin: true, description: "built in: designer", members: 0 },
        { name: "operator", builtin: true, description: "built in: operator", members: 1 },
        { name: "finance-us", builtin: false, description: "", members: 0 },
        { name: "finance_eu", builtin: false, description: "", members: 0 },
        { name: "legal", builtin: false, description: "contracts", members: 2 },
      ]);
      expect(await accounts.createRole("legal", "again")).toBe(false);
      expect((await accounts.roles()).find((r) => r.name === "legal")?.description).toBe("contracts");
    });

    it("deleting a role takes it from its members and leaves their other roles; built-in and unknown roles stay", async () => {
      const { accounts } = await store();
      await accounts.createRole("legal", "");
      await accounts.createRole("finance", "");
      await accounts.createUser(user("lee", ["legal", "operator", "finance"]));
      await accounts.createUser(user("kim", ["finance"]));
      expect(await accounts.deleteRole("operator")).toBe(false);
      expect(await accounts.deleteRole("nothing")).toBe(false);
      expect(await accounts.deleteRole("legal")).toBe(true);
      expect(await accounts.deleteRole("legal")).toBe(false);
      expect((await accounts.user("id-lee"))?.roles).toEqual(["operator", "finance"]);
      expect((await accounts.user("id-kim"))?.roles).toEqual(["finance"]);
      expect((await accounts.roles()).map((r) => r.name)).toEqual(["admin", "designer", "operator", "finance"]);
    });

    it("a role deleted while its members' accounts change is taken from each of them all the same", async () => {
      const { sql, accounts } = await store();
      const members = ["lee", "kim", "max"];
      for (const m of members) await accounts.createUser(user(m));
      // Connections made beforehand, so that the changes below run side by side.
      await Promise.all(Array.from({ length: 4 }, () => sql.get("SELECT 1")));
      for (let round = 1; round <= 5; round++) {
        await accounts.createRole(`legal${round}`, "");
        for (const m of members) await accounts.updateUser(`id-${m}`, { roles: ["operator", `legal${round}`] });
        await Promise.all([accounts.deleteRole(`legal${round}`), ...members.map((m) => accounts.updateUser(`id-${m}`, { name: `${m} ${round}` }))]);
        for (const m of members) expect(await accounts.user(`id-${m}`)).toMatchObject({ name: `${m} ${round}`, roles: ["operator"] });
      }
    });
  });

  describe("sessions", () => {
    it("are found by digest, renewed, ended; a new password ends them all, another change none", async () => {
      const { accounts } = await store();
      await accounts.createUser(user("ana", ["admin"]));
      await accounts.createUser(user("bob"));
      await accounts.createSession(session("h1", "id-ana"));
      await accounts.createSession(session("h2", "id-ana"));
      await accounts.createSession(session("h3", "id-bob"));
      expect(await accounts.session("h1")).toEqual(session("h1", "id-ana"));
      expect(await accounts.session("nope")).toBeUndefined();
      await accounts.touchSession("h1", 1_700_000_000_000);
      expect((await accounts.session("h1"))?.expiresAt).toBe(1_700_000_000_000);

      await accounts.updateUser("id-ana", { name: "Ana Silva", lastSignInAt: 5 });
      expect(await accounts.session("h2")).toBeDefined();
      await accounts.updateUser("id-ana", { passwordHash: "scrypt$y" });
      expect(await accounts.session("h1")).toBeUndefined();
      expect(await accounts.session("h2")).toBeUndefined();
      expect(await accounts.session("h3")).toBeDefined();
      await accounts.deleteSession("h3");
      expect(await accounts.session("h3")).toBeUndefined();
    });

    it("belong to an account that exists", async () => {
      const { accounts } = await store();
      await expect(accounts.createSession(session("h1", "id-nobody"))).rejects.toThrow();
      expect(await accounts.session("h1")).toBeUndefined();
    });
  });

  describe("tokens", () => {
    it("are found by digest with their owner, note their last use, list and revoke for their owner only", async () => {
      const { sql, accounts } = await store();
      await accounts.createUser(user("ana", ["admin"]));
      await accounts.createUser(user("bob"));
      const laptop = newApiToken();
      const ci = newApiToken();
      await accounts.createToken("id-ana", { id: "t2", name: "ci", prefix: ci.slice(0, 8), createdAt: 2 }, digestOf(ci));
      await accounts.createToken("id-ana", { id: "t1", name: "laptop", prefix: laptop.slice(0, 8), createdAt: 1 }, digestOf(laptop));
      expect(await accounts.listTokens("id-ana")).toEqual([
        { id: "t1", name: "laptop", prefix: laptop.slice(0, 8), createdAt: 1 },
        { id: "t2", name: "ci", prefix: ci.slice(0, 8), createdAt: 2 },
      ]);

      const used = { userId: "id-ana", info: { id: "t1", name: "laptop", prefix: laptop.slice(0, 8), createdAt: 1, lastUsedAt: 1_700_000_000_007 } };
      expect(await accounts.useToken(digestOf(laptop), 1_700_000_000_007)).toEqual(used);
      expect((await accounts.listTokens("id-ana"))[0]).toEqual(used.info);
      expect(await accounts.useToken(digestOf("tdm_not-a-token"), 8)).toBeUndefined();
      expect(await accounts.listTokens("id-bob")).toEqual([]);

      // Only digests are kept: no column holds the token itself.
      const rows = JSON.stringify(await sql.all("SELECT * FROM api_tokens"));
      expect(rows).not.toContain(laptop);
      expect(rows).not.toContain(ci);

      expect(await accounts.revokeToken("id-bob", "t1")).toBe(false);
      expect(await accounts.revokeToken("id-ana", "t1")).toBe(true);
      expect(await accounts.revokeToken("id-ana", "t1")).toBe(false);
      expect(await accounts.useToken(digestOf(laptop), 9)).toBeUndefined();
      expect((await accounts.listTokens("id-ana")).map((t) => t.id)).toEqual(["t2"]);
    });

    it("a token's digest is one token's: a second with the same digest is refused", async () => {
      const { accounts } = await store();
      await accounts.createUser(user("ana"));
      await accounts.createToken("id-ana", { id: "t1", name: "a", prefix: "tdm_abcd", createdAt: 1 }, "same");
      await expect(accounts.createToken("id-ana", { id: "t2", name: "b", prefix: "tdm_abcd", createdAt: 2 }, "same")).rejects.toThrow();
      expect((await accounts.listTokens("id-ana")).map((t) => t.id)).toEqual(["t1"]);
    });
  });

  it("a user's sessions and tokens go with the user's row (the tables cascade)", async () => {
    const { sql, accounts } = await store();
    await accounts.createUser(user("ana"));
    await accounts.createUser(user("bob"));
    await accounts.createSession(session("h1", "id-ana"));
    await accounts.createSession(session("h2", "id-bob"));
    await accounts.createToken("id-ana", { id: "t1", name: "a", prefix: "tdm_abcd", createdAt: 1 }, "digest-a");
    await accounts.createToken("id-bob", { id: "t2", name: "b", prefix: "tdm_efgh", createdAt: 1 }, "digest-b");
    await sql.run("DELETE FROM users WHERE id = ?", ["id-ana"]);
    expect(await accounts.session("h1")).toBeUndefined();
    expect(await accounts.useToken("digest-a", 2)).toBeUndefined();
    expect(await accounts.session("h2")).toBeDefined();
    expect(await accounts.useToken("digest-b", 2)).toMatchObject({ userId: "id-bob" });
  });

  describe("the accounts log", () => {
    const ana = { userId: "id-ana", name: "Ana", via: "studio" as const };
    const bob = { userId: "id-bob", name: "Bob", via: "terminal" as const };

    it("lists entries newest first (the later written first at the same time), by user and time, with a total", async () => {
      const { accounts } = await store();
      await accounts.log({ at: 1, action: "sign-in", actor: ana, detail: "signed in" });
      await accounts.log({ at: 2, action: "sign-in-failed", actor: null, detail: "no such username" });
      await accounts.log({ at: 3, action: "sign-in", actor: bob, detail: "signed in" });
      await accounts.log({ at: 3, action: "token-created", actor: bob, detail: 'token "ci"' });
      await accounts.log({ at: 4, action: "sign-out", actor: ana, detail: "signed out" });

      expect((await accounts.logEntries({})).entries.map((e) => [e.at, e.action])).toEqual([
        [4, "sign-out"],
        [3, "token-created"],
        [3, "sign-in"],
        [2, "sign-in-failed"],
        [1, "sign-in"],
      ]);
      expect(await accounts.logEntries({ userId: "id-ana" })).toEqual({
        total: 2,
        entries: [
          { at: 4, action: "sign-out", actor: ana, detail: "signed out" },
          { at: 1, action: "sign-in", actor: ana, detail: "signed in" },
        ],
      });
      expect(await accounts.logEntries({ from: 2, to: 2 })).toEqual({ total: 1, entries: [{ at: 2, action: "sign-in-failed", actor: null, detail: "no such username" }] });
      expect((await accounts.logEntries({ from: 3 })).entries.map((e) => e.action)).toEqual(["sign-out", "token-created", "sign-in"]);
      expect((await accounts.logEntries({ to: 2, userId: "id-bob" })).total).toBe(0);
    });

    it("pages through the entries: limit and offset, the total of all that match", async () => {
      const { accounts } = await store();
      for (let at = 1; at <= 120; at++) await accounts.log({ at: 1_700_000_000_000 + at, action: "sign-in", actor: at % 2 ? ana : bob, detail: `#${at}` });
      const all = await accounts.logEntries({});
      expect(all.total).toBe(120);
      expect(all.entries).toHaveLength(100);
      expect(all.entries[0]?.detail).toBe("#120");
      const page = await accounts.logEntries({ limit: 3, offset: 2 });
      expect(page).toMatchObject({ total: 120, entries: [{ detail: "#118" }, { detail: "#117" }, { detail: "#116" }] });
      const last = await accounts.logEntries({ userId: "id-ana", limit: 50, offset: 50 });
      expect(last.total).toBe(60);
      expect(last.entries.map((e) => e.detail)).toEqual(["#19", "#17", "#15", "#13", "#11", "#9", "#7", "#5", "#3", "#1"]);
    });
  });
});
