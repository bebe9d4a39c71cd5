// The accounts API: who is signed in (/api/auth/me), first-run setup, signing in and out, the
// caller's personal API tokens, and the users and roles admins manage.
import type {
  CreateRoleRequest,
  CreateUserRequest,
  Me,
  RoleInfo,
  SetupRequest,
  SignInRequest,
  TokenCreated,
  TokenInfo,
  UpdateUserRequest,
  UserInfo,
} from "@tandem/shared";
import { request } from "./client.js";

export const accountsApi = {
  me: () => request<Me>("GET", "/auth/me"),
  /** Makes the first account, an admin, and signs it in. */
  setup: (body: SetupRequest) => request<unknown>("POST", "/auth/setup", body),
  signIn: (body: SignInRequest) => request<unknown>("POST", "/auth/sign-in", body),
  signOut: () => request<void>("POST", "/auth/sign-out"),
  tokens: () => request<TokenInfo[] | { tokens: TokenInfo[] }>("GET", "/auth/tokens").then(listOf("tokens")),
  createToken: (name: string) => request<TokenCreated>("POST", "/auth/tokens", { name }),
  revokeToken: (id: string) => request<void>("DELETE", `/auth/tokens/${encodeURIComponent(id)}`),
  users: () => request<UserInfo[] | { users: UserInfo[] }>("GET", "/users").then(listOf("users")),
  createUser: (body: CreateUserRequest) => request<UserInfo>("POST", "/users", body),
  updateUser: (id: string, body: UpdateUserRequest) => request<UserInfo>("PATCH", `/users/${encodeURIComponent(id)}`, body),
  roles: () => request<RoleInfo[] | { roles: RoleInfo[] }>("GET", "/roles").then(listOf("roles")),
  createRole: (body: CreateRoleRequest) => request<RoleInfo>("POST", "/roles", body),
  deleteRole: (name: string) => request<void>("DELETE", `/roles/${encodeURIComponent(name)}`),
};

/** Lists come as an array or wrapped in an object under `key` (as /api/flows does). */
function listOf<K extends string>(key: K) {
  return <T>(body: T[] | Record<K, T[]>): T[] => (Array.isArray(body) ? body : body[key]);
}
