// The shapes of accounts on the wire (users, roles, tokens, sign-in), each checked against the
// shared API types.
import { z } from "@hono/zod-openapi";
import {
  PERMISSIONS,
  ROLE_NAME,
  USERNAME,
  type CreateRoleRequest,
  type CreateUserRequest,
  type Me,
  type RoleInfo,
  type SetupRequest,
  type SignInRequest,
  type TokenCreated,
  type TokenInfo,
  type UpdateUserRequest,
  type UserInfo,
} from "@tandem/shared";
import { MAX_PASSWORD, MIN_PASSWORD } from "../../auth/passwords.js";
import { exactly } from "../contract.js";
import { pathParam } from "../schemas.js";

export const Username = z.string().regex(USERNAME, "expected a username: lower-case letters, digits, . _ @ - (at most 64)");
export const RoleName = z.string().regex(ROLE_NAME, "expected a role name: lower-case letters, digits, - and _ (at most 40)");
const DisplayName = z.string().trim().min(1, "expected a name").max(200);
const NewPassword = z
  .string()
  .min(MIN_PASSWORD, `expected a password of at least ${MIN_PASSWORD} characters`)
  .max(MAX_PASSWORD, `at most ${MAX_PASSWORD} characters`);
const Email = z.email("expected an email address").max(320);

export const UserSchema = exactly<UserInfo>()(
  z
    .object({
      id: z.string(),
      username: z.string(),
      name: z.string(),
      email: z.string().optional(),
      roles: z.array(z.string()),
      createdAt: z.number(),
      disabled: z.boolean().optional(),
      lastSignInAt: z.number().optional(),
    })
    .openapi("User"),
);

export const MeSchema = exactly<Me>()(
  z
    .object({
      mode: z.enum(["open", "accounts"]).openapi({ description: '"open": no accounts, on loopback: no sign-in' }),
      setupNeeded: z.boolean().openapi({ description: "No account exists yet: POST /api/auth/setup makes the first admin" }),
      user: UserSchema.nullable(),
      permissions: z.array(z.enum(PERMISSIONS)),
      csrfToken: z.string().optional().openapi({ description: "Send as X-CSRF-Token on state-changing requests made with the session cookie" }),
    })
    .openapi("Me"),
);

export const SetupBody = exactly<SetupRequest>()(z.object({ username: Username, name: DisplayName, password: NewPassword }).strict().openapi("Setup"));
export const SignInBody = exactly<SignInRequest>()(
  z.object({ username: z.string().min(1).max(64), password: z.string().min(1, "expected the password").max(MAX_PASSWORD) }).strict().openapi("SignIn"),
);

export const CreateUserBody = exactly<CreateUserRequest>()(
  z
    .object({ username: Username, name: DisplayName, email: Email.optional(), password: NewPassword, roles: z.array(RoleName).max(20) })
    .strict()
    .openapi("CreateUser"),
);
export const UpdateUserBody = exactly<UpdateUserRequest>()(
  z
    .object({
      name: DisplayName.optional(),
      email: Email.optional(),
      roles: z.array(RoleName).max(20).optional(),
      password: NewPassword.optional(),
      disabled: z.boolean().optional(),
    })
    .strict()
    .openapi("UpdateUser"),
);

export const PersonSchema = exactly<Pick<UserInfo, "username" | "name" | "roles">>()(
  z.object({ username: z.string(), name: z.string(), roles: z.array(z.string()) }).openapi("PersonInfo"),
);

export const RoleSchema = exactly<RoleInfo>()(
  z.object({ name: z.string(), builtin: z.boolean(), description: z.string(), members: z.number().int() }).openapi("Role"),
);
export const CreateRoleBody = exactly<CreateRoleRequest>()(
  z.object({ name: RoleName, description: z.string().max(500).optional() }).strict().openapi("CreateRole"),
);
export const RoleParam = z.object({ name: pathParam("name") });

export const TokenSchema = exactly<TokenInfo>()(
  z
    .object({
      id: z.string(),
      name: z.string(),
      prefix: z.string().openapi({ description: "The token's first 8 characters" }),
      createdAt: z.number(),
      lastUsedAt: z.number().optional(),
    })
    .openapi("Token"),
);
export const TokenCreatedSchema = exactly<TokenCreated>()(
  z.object({ token: z.string().openapi({ description: "Shown this once: send as Authorization: Bearer <token>" }), info: TokenSchema }).openapi("TokenCreated"),
);
export const CreateTokenBody = z.object({ name: z.string().trim().min(1, "expected a name for the token").max(200) }).strict().openapi("CreateToken");
