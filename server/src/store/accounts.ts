// The accounts store: people, their roles, sign-in sessions, personal API tokens, and the log of
// what was done to accounts (sign-ins, tokens, users, roles). Secrets are kept only as hashes:
// a password as its scrypt hash, a session or token as its SHA-256.
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
  userCount(): number;
  createUser(user: StoredUser): void;
  updateUser(id: string, change: Partial<Omit<StoredUser, "id" | "createdAt">>): StoredUser | undefined;
  user(id: string): StoredUser | undefined;
  userByName(username: string): StoredUser | undefined;
  listUsers(): StoredUser[];

  roles(): RoleInfo[];
  createRole(name: string, description: string): void;
  /** False when the role is built in or unknown; members lose it. */
  deleteRole(name: string): boolean;

  createSession(session: StoredSession): void;
  session(idHash: string): StoredSession | undefined;
  touchSession(idHash: string, expiresAt: number): void;
  deleteSession(idHash: string): void;

  /** `hash` is the token's SHA-256; `info.prefix` its first characters. */
  createToken(userId: string, info: TokenInfo, hash: string): void;
  /** The token with this hash and its owner, noting that it was used now. */
  useToken(hash: string, now: number): { info: TokenInfo; userId: string } | undefined;
  listTokens(userId: string): TokenInfo[];
  /** False when the user has no such token. */
  revokeToken(userId: string, id: string): boolean;

  /** Records something done to accounts (actions sign-in … role-deleted). */
  log(entry: AuditEntry): void;
  logEntries(query: AccountQuery): { entries: AuditEntry[]; total: number };
}
