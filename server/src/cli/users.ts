// `tandem users add|list`: accounts made and listed on the data directory itself, so the first
// admin can be made before any server runs (and by whoever can read the data anyway).
import { randomUUID } from "node:crypto";
import { ROLE_NAME, USERNAME } from "@tandem/shared";
import { logAccounts, unknownRole } from "../auth/accounts.js";
import { hashPassword, MAX_PASSWORD, MIN_PASSWORD } from "../auth/passwords.js";
import { createAccountStore } from "../store/accounts-sql.js";
import { dataDir } from "../store/db.js";
import { openSql } from "../store/open.js";
import { parse, UsageError } from "./args.js";
import { readPassword } from "./password.js";

export async function usersCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "add") return add(rest);
  if (sub === "list") return list(rest);
  throw new UsageError(`expected "users add <username> --name ..." or "users list", got ${sub ? `"${sub}"` : "nothing"}`);
}

async function openAccounts() {
  const { sql } = await openSql(dataDir());
  return { accounts: createAccountStore(sql), close: () => sql.close() };
}

async function add(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { name: { type: "string" }, role: { type: "string", multiple: true }, email: { type: "string" } },
    1,
  );
  const username = positionals[0];
  if (!username || !USERNAME.test(username)) throw new UsageError("expected a username: lower-case letters, digits, . _ @ - (at most 64)");
  if (!values.name?.trim()) throw new UsageError('--name: expected the person\'s name, e.g. --name "Ana Silva"');
  const roles = values.role ?? [];
  const bad = roles.find((r) => !ROLE_NAME.test(r));
  if (bad !== undefined) throw new UsageError(`--role: "${bad}" is not a role name (lower-case letters, digits, - and _)`);
  if (values.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(values.email)) throw new UsageError(`--email: "${values.email}" is not an email address`);

  const { accounts, close } = await openAccounts();
  try {
    const taken = () => new UsageError(`the username "${username}" is taken`);
    if (await accounts.userByName(username)) throw taken();
    const missing = await unknownRole(accounts, roles);
    if (missing >= 0) throw new UsageError(`--role: there is no role "${roles[missing]}" (an admin makes it in the studio or with POST /api/roles)`);
    // The first account runs the server: it is an admin whatever else it is.
    const first = (await accounts.userCount()) === 0;
    const withAdmin = first && !roles.includes("admin") ? ["admin", ...roles] : roles;
    const password = await readPassword({ confirm: true });
    if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
      throw new UsageError(`the password must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters long`);
    }
    const user = {
      id: randomUUID(),
      username,
      name: values.name.trim(),
      ...(values.email !== undefined ? { email: values.email } : {}),
      roles: withAdmin,
      createdAt: Date.now(),
      passwordHash: await hashPassword(password),
    };
    if (!(await accounts.createUser(user))) throw taken();
    await logAccounts(accounts, "user-created", { name: "terminal", via: "terminal" }, `${username} with roles ${withAdmin.join(", ") || "none"}`);
    console.log(`Added ${user.name} (${username}) with roles: ${withAdmin.join(", ") || "none"}${first ? " (the first account is an admin)" : ""}`);
    return 0;
  } finally {
    await close();
  }
}

async function list(argv: string[]): Promise<number> {
  parse(argv, {});
  const { accounts, close } = await openAccounts();
  try {
    const users = await accounts.listUsers();
    if (users.length === 0) {
      console.log('No accounts: the server is open on this machine. Add the first admin with: tandem users add <username> --name "..."');
      return 0;
    }
    const rows = users.map((u) => [u.username, u.name, u.roles.join(",") || "-", u.email ?? "", u.disabled ? "disabled" : ""]);
    const head = ["USERNAME", "NAME", "ROLES", "EMAIL", ""];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [head, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
    return 0;
  } finally {
    await close();
  }
}
