// The accounts store (store/accounts.ts) in SQLite: users, reviewer roles, sessions and API
// tokens (as hashes only) and the accounts log, in the tables of store/db.ts.
import { BUILTIN_ROLES, type AuditEntry, type RoleInfo, type TokenInfo } from "@tandem/shared";
import type { AccountQuery, AccountStore, StoredSession, StoredUser } from "./accounts.js";
import type { Db } from "./db.js";

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

function userParams(u: StoredUser) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email ?? null,
    roles: JSON.stringify(u.roles),
    password_hash: u.passwordHash,
    disabled: u.disabled ? 1 : 0,
    created_at: u.createdAt,
    last_sign_in_at: u.lastSignInAt ?? null,
  };
}

export function createSqliteAccountStore(db: Db): AccountStore {
  const q = {
    count: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users"),
    insertUser: db.prepare(
      `INSERT INTO users (id, username, name, email, roles, password_hash, disabled, created_at, last_sign_in_at)
       VALUES (@id, @username, @name, @email, @roles, @password_hash, @disabled, @created_at, @last_sign_in_at)`,
    ),
    updateUser: db.prepare(
      `UPDATE users SET username = @username, name = @name, email = @email, roles = @roles, password_hash = @password_hash,
       disabled = @disabled, last_sign_in_at = @last_sign_in_at WHERE id = @id`,
    ),
    user: db.prepare<[string], UserRow>("SELECT * FROM users WHERE id = ?"),
    userByName: db.prepare<[string], UserRow>("SELECT * FROM users WHERE username = ?"),
    users: db.prepare<[], UserRow>("SELECT * FROM users ORDER BY username"),
    roles: db.prepare<[], { name: string; description: string }>("SELECT name, description FROM roles ORDER BY name"),
    insertRole: db.prepare("INSERT INTO roles (name, description) VALUES (?, ?)"),
    deleteRole: db.prepare("DELETE FROM roles WHERE name = ?"),
    insertSession: db.prepare(
      "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (@idHash, @userId, @csrfToken, @createdAt, @expiresAt)",
    ),
    session: db.prepare<[string], StoredSession>(
      "SELECT id_hash AS idHash, user_id AS userId, csrf_token AS csrfToken, created_at AS createdAt, expires_at AS expiresAt FROM sessions WHERE id_hash = ?",
    ),
    touchSession: db.prepare("UPDATE sessions SET expires_at = ? WHERE id_hash = ?"),
    deleteSession: db.prepare("DELETE FROM sessions WHERE id_hash = ?"),
    deleteUserSessions: db.prepare("DELETE FROM sessions WHERE user_id = ?"),
    insertToken: db.prepare(
      "INSERT INTO api_tokens (id, user_id, name, prefix, hash, created_at, last_used_at) VALUES (@id, @userId, @name, @prefix, @hash, @createdAt, NULL)",
    ),
    tokenByHash: db.prepare<[string], TokenRow>("SELECT * FROM api_tokens WHERE hash = ?"),
    useToken: db.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"),
    tokens: db.prepare<[string], TokenRow>("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at"),
    revokeToken: db.prepare("DELETE FROM api_tokens WHERE user_id = ? AND id = ?"),
    log: db.prepare("INSERT INTO accounts_log (at, action, user_id, json) VALUES (?, ?, ?, ?)"),
  };

  const user = (id: string) => {
    const row = q.user.get(id);
    return row && toUser(row);
  };
  const listUsers = () => q.users.all().map(toUser);

  const updateUser = db.transaction((id: string, change: Partial<Omit<StoredUser, "id" | "createdAt">>) => {
    const before = user(id);
    if (!before) return undefined;
    const after: StoredUser = { ...before, ...change };
    q.updateUser.run(userParams(after));
    // A new password or a disabled account ends the sessions signed in with the old state.
    if (change.passwordHash !== undefined || change.disabled) q.deleteUserSessions.run(id);
    return after;
  });

  const deleteRole = db.transaction((name: string) => {
    if (BUILTIN.has(name) || q.deleteRole.run(name).changes === 0) return false;
    for (const u of listUsers()) {
      if (u.roles.includes(name)) q.updateUser.run(userParams({ ...u, roles: u.roles.filter((r) => r !== name) }));
    }
    return true;
  });

  return {
    userCount: () => q.count.get()!.n,
    createUser: (u) => void q.insertUser.run(userParams(u)),
    updateUser: (id, change) => updateUser(id, change),
    user,
    userByName: (username) => {
      const row = q.userByName.get(username);
      return row && toUser(row);
    },
    listUsers,

    roles: () => {
      const users = listUsers();
      const members = (name: string) => users.filter((u) => u.roles.includes(name)).length;
      const builtins: RoleInfo[] = BUILTIN_ROLES.map((name) => ({ name, builtin: true, description: `built in: ${name}`, members: members(name) }));
      const created = q.roles.all().map((r) => ({ name: r.name, builtin: false, description: r.description, members: members(r.name) }));
      return [...builtins, ...created];
    },
    createRole: (name, description) => void q.insertRole.run(name, description),
    deleteRole: (name) => deleteRole(name),

    createSession: (s) => void q.insertSession.run(s),
    session: (idHash) => q.session.get(idHash),
    touchSession: (idHash, expiresAt) => void q.touchSession.run(expiresAt, idHash),
    deleteSession: (idHash) => void q.deleteSession.run(idHash),

    createToken: (userId, info, hash) => void q.insertToken.run({ id: info.id, userId, name: info.name, prefix: info.prefix, hash, createdAt: info.createdAt }),
    useToken: (hash, now) => {
      const row = q.tokenByHash.get(hash);
      if (!row) return undefined;
      q.useToken.run(now, row.id);
      return { info: toToken({ ...row, last_used_at: now }), userId: row.user_id };
    },
    listTokens: (userId) => q.tokens.all(userId).map(toToken),
    revokeToken: (userId, id) => q.revokeToken.run(userId, id).changes > 0,

    log: (entry) => void q.log.run(entry.at, entry.action, entry.actor?.userId ?? null, JSON.stringify(entry)),
    logEntries: (query) => logEntries(db, query),
  };
}

/** Newest first. */
function logEntries(db: Db, query: AccountQuery): { entries: AuditEntry[]; total: number } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.userId !== undefined) (where.push("user_id = ?"), params.push(query.userId));
  if (query.from !== undefined) (where.push("at >= ?"), params.push(query.from));
  if (query.to !== undefined) (where.push("at <= ?"), params.push(query.to));
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = db.prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM accounts_log ${clause}`).get(...params)!.n;
  const rows = db
    .prepare<(string | number)[], { json: string }>(`SELECT json FROM accounts_log ${clause} ORDER BY at DESC, rowid DESC LIMIT ? OFFSET ?`)
    .all(...params, query.limit ?? 100, query.offset ?? 0);
  return { entries: rows.map((r) => JSON.parse(r.json) as AuditEntry), total };
}
