// The accounts store: people, their roles, sign-in sessions, personal API tokens, and the log of
// what was done to accounts (sign-ins, tokens, users, roles). Secrets are kept only as hashes:
// a password as its scrypt hash, a session or token as its SHA-256. Written once over SQL
// (accounts-sql.ts) for SQLite and Postgres alike.
import type { AuditEntry, RoleInfo, TokenInfo, UserInfo } from "@tandem/shared";

/** A user with what only the server reads: never sent anywhere. */
export interface StoredUser extends UserInfo {
  passwordHash: string;
}

export interface StoredSession {
  /** SHA-256 of the cookie's value. */
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export interface AccountQuery {
  /** Entries by this user id. */
  userId?: string;
  from?: number;
  to?: number;
  limit?: number;
  offset?: number;
}

export interface AccountStore {
  /** How many accounts exist (0: the server is open on loopback, and setup is needed). */
  userCount(): Promise<number>;
  /** False, making nothing, when the username is taken (of two made at once with one username, one is made). */
  createUser(user: StoredUser): Promise<boolean>;
  /** Makes the first account; false, making nothing, when one exists (of two made at once, one is made). */
  createFirstUser(user: StoredUser): Promise<boolean>;
  /**
   * Changes the account (undefined when there is none). `check` sees every account as the change
   * would leave them, within the change: what it throws undoes it (no other change comes between).
   */
  updateUser(id: string, change: Partial<Omit<StoredUser, "id" | "createdAt">>, check?: (after: StoredUser[]) => void): Promise<StoredUser | undefined>;
  user(id: string): Promise<StoredUser | undefined>;
  /** Matched exactly, case included (usernames are made lower-case; "Ana" is no one). */
  userByName(username: string): Promise<StoredUser | undefined>;
  listUsers(): Promise<StoredUser[]>;

  roles(): Promise<RoleInfo[]>;
  /** False, making nothing, when a made role has the name. */
  createRole(name: string, description: string): Promise<boolean>;
  /** False when the role is built in or unknown; members lose it. */
  deleteRole(name: string): Promise<boolean>;

  createSession(session: StoredSession): Promise<void>;
  session(idHash: string): Promise<StoredSession | undefined>;
  touchSession(idHash: string, expiresAt: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;

  /** `hash` is the token's SHA-256; `info.prefix` its first characters. */
  createToken(userId: string, info: TokenInfo, hash: string): Promise<void>;
  /** The token with this hash and its owner, noting that it was used now. */
  useToken(hash: string, now: number): Promise<{ info: TokenInfo; userId: string } | undefined>;
  listTokens(userId: string): Promise<TokenInfo[]>;
  /** False when the user has no such token. */
  revokeToken(userId: string, id: string): Promise<boolean>;

  /** Records something done to accounts (actions sign-in … role-deleted). */
  log(entry: AuditEntry): Promise<void>;
  logEntries(query: AccountQuery): Promise<{ entries: AuditEntry[]; total: number }>;
}
