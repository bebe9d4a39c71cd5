// /api/roles: the built-in roles and the reviewer roles admins make (legal, finance…) with how
// many people hold each; built-in roles cannot be deleted.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { callerActor, logAccounts } from "../../auth/accounts.js";
import type { AccountStore } from "../../store/accounts.js";
import { ApiError } from "../errors.js";
import { body, errorResponses, json } from "../schemas.js";
import { CreateRoleBody, RoleParam, RoleSchema } from "./accounts-schemas.js";

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Every role, built in first",
  responses: { 200: json(z.object({ roles: z.array(RoleSchema) }), "The roles"), ...errorResponses(401) },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Make a reviewer role (it may read flows and runs and answer what is assigned to it)",
  request: { body: body(CreateRoleBody) },
  responses: { 201: json(RoleSchema, "The new role"), ...errorResponses(401, 403, 409, 422) },
});
const remove = createRoute({
  method: "delete",
  path: "/{name}",
  summary: "Delete a reviewer role; its members lose it",
  request: { params: RoleParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 409) },
});

export function roleRoutes(accounts: AccountStore, now: () => number = Date.now) {
  return new OpenAPIHono()
    .openapi(list, async (c) => c.json({ roles: await accounts.roles() }, 200))
    .openapi(create, async (c) => {
      const { name, description = "" } = c.req.valid("json");
      const exists = () => new ApiError(409, "role_exists", `the role "${name}" exists already`, "name");
      if ((await accounts.roles()).some((r) => r.name === name)) throw exists();
      if (!(await accounts.createRole(name, description))) throw exists();
      await logAccounts(accounts, "role-created", callerActor(c), name, now());
      return c.json((await accounts.roles()).find((r) => r.name === name)!, 201);
    })
    .openapi(remove, async (c) => {
      const { name } = c.req.valid("param");
      const role = (await accounts.roles()).find((r) => r.name === name);
      const gone = () => new ApiError(404, "not_found", `no role "${name}"`);
      if (!role) throw gone();
      if (role.builtin) throw new ApiError(409, "builtin_role", `"${name}" is built in and cannot be deleted`);
      // Deleted meanwhile by another request: it is not this one's to log.
      if (!(await accounts.deleteRole(name))) throw gone();
      await logAccounts(accounts, "role-deleted", callerActor(c), `${name} (${role.members} members lost it)`, now());
      return c.body(null, 204);
    });
}
