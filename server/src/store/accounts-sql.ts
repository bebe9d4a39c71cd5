// The accounts store (store/accounts.ts) over SQL, one implementation for SQLite and Postgres:
// users, reviewer roles, sessions and API tokens (as hashes only) and the accounts log, in the
// tables of store/schema.ts.
import { BUILTIN_ROLES, type AuditEntry, type RoleInfo, type TokenInfo } from "@tandem/shared";
import type { AccountQuery, AccountStore, StoredSession, StoredUser } from "./accounts.js";
import { byCodePoint } from "./sql/dialect.js";
import type { Param, Sql } from "./sql/types.js";

interface UserRow {
  id: string;
  username: string;
  name: string;
  email: string | null;
  roles: string;
  password_hash: string;
  disabled: number;
  created_at: number;
  last_sign_in_at: number | null;
}

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}

const BUILTIN: ReadonlySet<string> = new Set(BUILTIN_ROLES);

// Changes that read accounts before writing them (an update, a role taken from its members, the
// first account) take this lock, so that two servers on one database do not write over each
// other's change.
const LOCK = "tandem:accounts";

const USER_COLUMNS = "id, username, name, email, roles, password_hash, disabled, created_at, last_sign_in_at";
const TOKEN_COLUMNS = "id, user_id, name, prefix, created_at, last_used_at";

function toUser(r: UserRow): StoredUser {
  return {
    id: r.id,
    username: r.username,
    name: r.name,
    ...(r.email !== null ? { email: r.email } : {}),
    roles: JSON.parse(r.roles) as string[],
    createdAt: r.created_at,
    ...(r.disabled ? { disabled: true } : {}),
    ...(r.last_sign_in_at !== null ? { lastSignInAt: r.last_sign_in_at } : {}),
    passwordHash: r.password_hash,
  };
}

function toToken(r: TokenRow): TokenInfo {
  return { id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, ...(r.last_used_at !== null ? { lastUsedAt: r.last_used_at } : {}) };
}

export function createAccountStore(sql: Sql): AccountStore {
  const user = async (id: string) => {
    const row = await sql.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id]);
    return row && toUser(row);
  };
  const listUsers = async () => (await sql.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY ${byCodePoint(sql, "username")}`)).map(toUser);
  const userCount = async () => (await sql.get<{ n: number }>("SELECT count(*) AS n FROM users"))!.n;
  /** False when the username is taken. */
  const insertUser = async (u: StoredUser) => {
    const { changes } = await sql.run(`INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING`, [
      u.id,
      u.username,
      u.name,
      u.email ?? null,
      JSON.stringify(u.roles),
      u.passwordHash,
      u.disabled ? 1 : 0,
      u.createdAt,
      u.lastSignInAt ?? null,
    ]);
    return changes === 1;
  };
  // Every field but id and created_at, which never change.
  const writeUser = (u: StoredUser) =>
    sql.run("UPDATE users SET username = ?, name = ?, email = ?, roles = ?, password_hash = ?, disabled = ?, last_sign_in_at = ? WHERE id = ?", [
      u.username,
      u.name,
      u.email ?? null,
      JSON.stringify(u.roles),
      u.passwordHash,
      u.disabled ? 1 : 0,
      u.lastSignInAt ?? null,
      u.id,
    ]);

  return {
    userCount,
    createUser: insertUser,
    createFirstUser: (u) => sql.tx(async () => (await userCount()) === 0 && (await insertUser(u)), { lock: LOCK }),
    updateUser: (id, change, check) =>
      sql.tx(
        async () => {
          const before = await user(id);
          if (!before) return undefined;
          const after: StoredUser = { ...before, ...change };
          check?.((await listUsers()).map((u) => (u.id === id ? after : u)));
          await writeUser(after);
          // A new password or a disabled account ends the sessions signed in with the old state.
          if (change.passwordHash !== undefined || change.disabled) await sql.run("DELETE FROM sessions WHERE user_id = ?", [id]);
          return after;
        },
        { lock: LOCK },
      ),
    user,
    userByName: async (username) => {
      const row = await sql.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = ?`, [username]);
      return row && toUser(row);
    },
    listUsers,

    roles: async () => {
      const users = await listUsers();
      const members = (name: string) => users.filter((u) => u.roles.includes(name)).length;
      const builtins: RoleInfo[] = BUILTIN_ROLES.map((name) => ({ name, builtin: true, description: `built in: ${name}`, members: members(name) }));
      const rows = await sql.all<{ name: string; description: string }>(`SELECT name, description FROM roles ORDER BY ${byCodePoint(sql, "name")}`);
      return [...builtins, ...rows.map((r) => ({ name: r.name, builtin: false, description: r.description, members: members(r.name) }))];
    },
    createRole: async (name, description) =>
      (await sql.run("INSERT INTO roles (name, description) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [name, description])).changes === 1,
    deleteRole: (name) =>
      sql.tx(
        async () => {
          if (BUILTIN.has(name) || (await sql.run("DELETE FROM roles WHERE name = ?", [name])).changes === 0) return false;
          for (const u of await listUsers()) {
            if (u.roles.includes(name)) await writeUser({ ...u, roles: u.roles.filter((r) => r !== name) });
          }
          return true;
        },
        { lock: LOCK },
      ),

    createSession: async (s) =>
      void (await sql.run("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)", [
        s.idHash,
        s.userId,
        s.csrfToken,
        s.createdAt,
        s.expiresAt,
      ])),
    session: (idHash) =>
      sql.get<StoredSession>(
        `SELECT id_hash AS "idHash", user_id AS "userId", csrf_token AS "csrfToken", created_at AS "createdAt", expires_at AS "expiresAt"
         FROM sessions WHERE id_hash = ?`,
        [idHash],
      ),
    touchSession: async (idHash, expiresAt) => void (await sql.run("UPDATE sessions SET expires_at = ? WHERE id_hash = ?", [expiresAt, idHash])),
    deleteSession: async (idHash) => void (await sql.run("DELETE FROM sessions WHERE id_hash = ?", [idHash])),

    createToken: async (userId, info, hash) =>
      void (await sql.run("INSERT INTO api_tokens (id, user_id, name, prefix, hash, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, NULL)", [
        info.id,
        userId,
        info.name,
        info.prefix,
        hash,
        info.createdAt,
      ])),
    useToken: async (hash, now) => {
      const row = await sql.get<TokenRow>(`UPDATE api_tokens SET last_used_at = ? WHERE hash = ? RETURNING ${TOKEN_COLUMNS}`, [now, hash]);
      return row && { info: toToken(row), userId: row.user_id };
    },
    listTokens: async (userId) =>
      (await sql.all<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at, id`, [userId])).map(toToken),
    revokeToken: async (userId, id) => (await sql.run("DELETE FROM api_tokens WHERE user_id = ? AND id = ?", [userId, id])).changes > 0,

    log: async (entry) =>
      void (await sql.run("INSERT INTO accounts_log (at, action, user_id, json) VALUES (?, ?, ?, ?)", [entry.at, entry.action, entry.actor?.userId ?? null, JSON.stringify(entry)])),
    logEntries: (query) => logEntries(sql, query),
  };
}

/** Newest first. */
async function logEntries(sql: Sql, query: AccountQuery): Promise<{ entries: AuditEntry[]; total: number }> {
  const where: string[] = [];
  const params: Param[] = [];
  if (query.userId !== undefined) (where.push("user_id = ?"), params.push(query.userId));
  if (query.from !== undefined) (where.push("at >= ?"), params.push(query.from));
  if (query.to !== undefined) (where.push("at <= ?"), params.push(query.to));
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM accounts_log ${clause}`, params))!.n;
  const rows = await sql.all<{ json: string }>(`SELECT json FROM accounts_log ${clause} ORDER BY at DESC, rowid DESC LIMIT ? OFFSET ?`, [
    ...params,
    query.limit ?? 100,
    query.offset ?? 0,
  ]);
  return { entries: rows.map((r) => JSON.parse(r.json) as AuditEntry), total };
}
