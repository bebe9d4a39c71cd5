// `tandem users` on a data directory and `tandem login` against a real server: the first account
// is an admin, roles are checked, and login keeps a working token in a 0600 file without
// printing it.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readCredentials } from "../src/cli/login.js";
import { createSqliteAccountStore } from "../src/store/accounts-sqlite.js";
import { openDb } from "../src/store/db.js";
import { PASSWORD } from "./helpers/accounts.js";
import { cleanupCli, runCli, tempDir } from "./helpers/cli.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const data = tempDir("tandem-users-");
const config = tempDir("tandem-config-");
afterAll(cleanupCli);

describe("tandem users", () => {
  test("the first account added is an admin; the password comes from stdin", async () => {
    const r = await runCli(["users", "add", "ana", "--name", "Ana Silva"], { dataDir: data, stdin: `${PASSWORD}\n` });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Added Ana Silva \(ana\) with roles: admin \(the first account is an admin\)/);
  });

  test("roles must exist, names must be usernames, passwords long enough", async () => {
    const role = await runCli(["users", "add", "lee", "--name", "Lee", "--role", "legal"], { dataDir: data, stdin: `${PASSWORD}\n` });
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role: there is no role "legal"/);
    const name = await runCli(["users", "add", "Not A Name", "--name", "X"], { dataDir: data, stdin: `${PASSWORD}\n` });
    expect(name.stderr).toMatch(/expected a username/);
    const short = await runCli(["users", "add", "bob", "--name", "Bob"], { dataDir: data, stdin: "short\n" });
    expect(short.stderr).toMatch(/the password must be 10 to 1024 characters long/);
  });

  test("add with roles and email, then list", async () => {
    const r = await runCli(["users", "add", "bob", "--name", "Bob", "--role", "designer", "--role", "operator", "--email", "bob@example.com"], {
      dataDir: data,
      stdin: `${PASSWORD}\n`,
    });
    expect(r.code).toBe(0);
    const list = await runCli(["users", "list"], { dataDir: data });
    expect(list.stdout.split("\n").map((l) => l.split(/\s{2,}/))).toEqual([
      ["USERNAME", "NAME", "ROLES", "EMAIL"],
      ["ana", "Ana Silva", "admin"],
      ["bob", "Bob", "designer,operator", "bob@example.com"],
      [""],
    ]);
  });
});

describe("tandem login", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ dataDir: data });
  });
  afterAll(() => server.stop());
  const login = (password: string) =>
    runCli(["login", "--server", server.url, "--username", "bob"], { dataDir: data, env: { TANDEM_CONFIG_DIR: config }, stdin: `${password}\n` });

  test("a wrong password says so and stores nothing", async () => {
    const r = await login("not the password");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/wrong username or password/);
    expect(() => statSync(join(config, "credentials.json"))).toThrow();
  });

  test("keeps a token for the server in a 0600 file, says who signed in, never prints the token", async () => {
    const r = await login(PASSWORD);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Signed in to ${server.url} as Bob \\(bob\\), roles: designer, operator`));
    const path = join(config, "credentials.json");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(path, "utf8")).servers[server.url];
    expect(stored).toEqual({ token: expect.stringMatching(/^tdm_/), username: "bob" });
    expect(r.stdout + r.stderr).not.toContain(stored.token);

    process.env.TANDEM_CONFIG_DIR = config;
    expect(readCredentials(`${server.url}/some/path`)).toEqual(stored);
    delete process.env.TANDEM_CONFIG_DIR;

    const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${stored.token}` } })).json()) as any;
    expect(me.user.username).toBe("bob");
    const db = openDb(data);
    try {
      const accounts = createSqliteAccountStore(db);
      expect(accounts.listTokens(me.user.id).map((t) => t.name)).toEqual([expect.stringMatching(/^terminal on /)]);
      const signIn = accounts.logEntries({ userId: me.user.id }).entries.find((e) => e.action === "sign-in");
      expect(signIn?.actor).toMatchObject({ name: "Bob", via: "terminal" });
    } finally {
      db.close();
    }
  });
});
