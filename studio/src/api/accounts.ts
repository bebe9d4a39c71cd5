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
  /** Makes the first account, an admin, and signs it in: the answer is the new admin's Me. */
  setup: (body: SetupRequest) => request<Me>("POST", "/auth/setup", body),
  signIn: (body: SignInRequest) => request<Me>("POST", "/auth/sign-in", body),
  signOut: () => request<void>("POST", "/auth/sign-out"),
  tokens: async () => (await request<{ tokens: TokenInfo[] }>("GET", "/auth/tokens")).tokens,
  createToken: (name: string) => request<TokenCreated>("POST", "/auth/tokens", { name }),
  revokeToken: (id: string) => request<void>("DELETE", `/auth/tokens/${encodeURIComponent(id)}`),
  users: async () => (await request<{ users: UserInfo[] }>("GET", "/users")).users,
  createUser: (body: CreateUserRequest) => request<UserInfo>("POST", "/users", body),
  updateUser: (id: string, body: UpdateUserRequest) => request<UserInfo>("PATCH", `/users/${encodeURIComponent(id)}`, body),
  roles: async () => (await request<{ roles: RoleInfo[] }>("GET", "/roles")).roles,
  createRole: (body: CreateRoleRequest) => request<RoleInfo>("POST", "/roles", body),
  deleteRole: (name: string) => request<void>("DELETE", `/roles/${encodeURIComponent(name)}`),
};
