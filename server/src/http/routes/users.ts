// /api/users (admins: list, make, change accounts) and /api/people (anyone signed in: who a
// question can be assigned to, by username, name and roles; never emails).
import { randomUUID } from "node:crypto";
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { callerActor, logAccounts, publicUser, unknownRole } from "../../auth/accounts.js";
import { hashPassword } from "../../auth/passwords.js";
import type { AccountStore, StoredUser } from "../../store/accounts.js";
import { ApiError } from "../errors.js";
import { body, errorResponses, IdParam, json } from "../schemas.js";
import { CreateUserBody, PersonSchema, UpdateUserBody, UserSchema } from "./accounts-schemas.js";

const list = createRoute({
  method: "get",
  path: "/users",
  summary: "Every account",
  responses: { 200: json(z.object({ users: z.array(UserSchema) }), "The accounts"), ...errorResponses(401, 403) },
});
const create = createRoute({
  method: "post",
  path: "/users",
  summary: "Make an account",
  request: { body: body(CreateUserBody) },
  responses: { 201: json(UserSchema, "The new account"), ...errorResponses(401, 403, 409, 422) },
});
const update = createRoute({
  method: "patch",
  path: "/users/{id}",
  summary: "Change an account: name, email, roles, password, or disable it (which ends its sessions)",
  request: { params: IdParam, body: body(UpdateUserBody) },
  responses: { 200: json(UserSchema, "The account now"), ...errorResponses(401, 403, 404, 409, 422) },
});
const people = createRoute({
  method: "get",
  path: "/people",
  summary: "Who questions can be assigned to",
  responses: { 200: json(z.object({ people: z.array(PersonSchema) }), "The people with enabled accounts"), ...errorResponses(401) },
});

/** Refuses roles this server does not have, naming the first. */
async function checkRoles(accounts: AccountStore, roles: readonly string[]): Promise<void> {
  const i = await unknownRole(accounts, roles);
  if (i >= 0) throw new ApiError(422, "invalid_request", `roles[${i}]: there is no role "${roles[i]}" (make it first with POST /api/roles)`, `roles[${i}]`);
}

const enabledAdmins = (users: StoredUser[]) => users.filter((u) => u.roles.includes("admin") && !u.disabled).length;

/** What changed, for the accounts log: never a password. */
function describe(before: StoredUser, change: z.infer<typeof UpdateUserBody>): string {
  const parts: string[] = [];
  if (change.name !== undefined && change.name !== before.name) parts.push(`name ${before.name} → ${change.name}`);
  if (change.email !== undefined) parts.push("email changed");
  if (change.roles) parts.push(`roles ${before.roles.join(", ") || "none"} → ${change.roles.join(", ") || "none"}`);
  if (change.password !== undefined) parts.push("password changed");
  if (change.disabled !== undefined) parts.push(change.disabled ? "disabled" : "enabled");
  return `${before.username}: ${parts.join("; ") || "no change"}`;
}

export function userRoutes(accounts: AccountStore, now: () => number = Date.now) {
  return new OpenAPIHono()
    .openapi(list, async (c) => c.json({ users: (await accounts.listUsers()).map(publicUser) }, 200))
    .openapi(create, async (c) => {
      const { password, ...fields } = c.req.valid("json");
      if ((await accounts.userCount()) === 0) throw new ApiError(409, "setup_needed", "the first account is made with POST /api/auth/setup (it is an admin)");
      await checkRoles(accounts, fields.roles);
      const passwordHash = await hashPassword(password);
      const user: StoredUser = { id: randomUUID(), ...fields, createdAt: now(), passwordHash };
      if (!(await accounts.createUser(user))) throw new ApiError(409, "username_taken", `the username "${fields.username}" is taken`, "username");
      await logAccounts(accounts, "user-created", callerActor(c), `${user.username} with roles ${user.roles.join(", ") || "none"}`, now());
      return c.json(publicUser(user), 201);
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid("param");
      const change = c.req.valid("json");
      const before = await accounts.user(id);
      if (!before) throw new ApiError(404, "not_found", `no account "${id}"`);
      if (change.roles) await checkRoles(accounts, change.roles);
      const { password, ...fields } = change;
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      const after = await accounts.updateUser(id, { ...fields, ...(passwordHash ? { passwordHash } : {}) }, (users) => {
        if (enabledAdmins(users) === 0) throw new ApiError(409, "last_admin", "this would leave no enabled admin: make another admin first");
      });
      if (!after) throw new ApiError(404, "not_found", `no account "${id}"`);
      await logAccounts(accounts, "user-updated", callerActor(c), describe(before, change), now());
      return c.json(publicUser(after), 200);
    })
    .openapi(people, async (c) =>
      c.json({ people: (await accounts.listUsers()).filter((u) => !u.disabled).map(({ username, name, roles }) => ({ username, name, roles })) }, 200),
    );
}
