// `tandem users` on a data directory and `tandem login` against a real server: the first account
// is an admin, roles are checked, and login keeps a working token in a 0600 file without
// printing it. `tandem run --as` answers as an account, asked only what is theirs.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readCredentials } from "../src/cli/login.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { assignedReview } from "./helpers/people-app.js";
import { PASSWORD, withAccounts } from "./helpers/accounts.js";
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
    await withAccounts(data, async (accounts) => {
      expect((await accounts.listTokens(me.user.id)).map((t) => t.name)).toEqual([expect.stringMatching(/^terminal on /)]);
      const signIn = (await accounts.logEntries({ userId: me.user.id })).entries.find((e) => e.action === "sign-in");
      expect(signIn?.actor).toMatchObject({ name: "Bob", via: "terminal" });
    });
  });
});

describe("tandem run --as", () => {
  const dir = tempDir("tandem-run-as-");
  const flowFile = join(tempDir("tandem-flow-"), "legal.flow.json");

  beforeAll(async () => {
    writeFileSync(flowFile, JSON.stringify(assignedReview({ assignees: { users: [], roles: ["legal"] } })));
    expect((await runCli(["users", "add", "ana", "--name", "Ana"], { dataDir: dir, stdin: `${PASSWORD}\n` })).code).toBe(0);
    await withAccounts(dir, (accounts) => accounts.createRole("legal", ""));
    expect((await runCli(["users", "add", "lee", "--name", "Lee", "--role", "legal"], { dataDir: dir, stdin: `${PASSWORD}\n` })).code).toBe(0);
    expect((await runCli(["users", "add", "bob", "--name", "Bob", "--role", "designer"], { dataDir: dir, stdin: `${PASSWORD}\n` })).code).toBe(0);
  });

  test("a data directory with accounts needs to know who answers; --as names an account", async () => {
    const none = await runCli(["run", flowFile, "--input", "a contract"], { dataDir: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("this data directory has accounts: say who answers with --as <username>");
    const unknown = await runCli(["run", flowFile, "--input", "a contract", "--as", "zed"], { dataDir: dir });
    expect(unknown.stderr).toContain('--as: there is no account "zed" in this data directory');
  });

  test("a designer is not asked the legal question; the legal reviewer answers it when the run resumes", async () => {
    const bob = await runCli(["run", flowFile, "--input", "a contract", "--as", "bob"], { dataDir: dir, stdin: "approve\n" });
    expect(bob.code).toBe(3);
    const runId = /Waiting for legal: run (\S+) is waiting for a person/.exec(bob.stdout)?.[1];
    expect(runId, bob.stdout).toBeDefined();

    const lee = await runCli(["resume", runId!, "--as", "lee"], { dataDir: dir, stdin: "approve\n" });
    expect(lee.code, lee.stderr).toBe(0);
    const { sql } = await openSql(dir);
    const answered = (await createSqlEventStore(sql).events(runId!)).find((e) => e.type === "human.responded");
    await sql.close();
    expect(answered).toMatchObject({ outcome: "approve", by: "Lee", actor: { name: "Lee", via: "terminal" } });
  });
});
