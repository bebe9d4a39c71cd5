// /api/deployments/:name/keys: the API keys that call one deployment. A key is shown once, when
// it is made; the list shows its first characters, its last use and whether it was revoked.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { DeploymentKeyStore } from "../../store/deployment-keys.js";
import type { DeploymentStore } from "../../store/deployments.js";
import { ApiError } from "../errors.js";
import { body, errorResponses, json } from "../schemas.js";
import { deploymentOr404 } from "./deployments.js";
import { CreatedKeySchema, CreateKeyBody, DeploymentNameParam, KeyParam, KeySchema } from "./deployments-schemas.js";

const list = createRoute({
  method: "get",
  path: "/{name}/keys",
  summary: "A deployment's API keys (never the keys themselves)",
  request: { params: DeploymentNameParam },
  responses: { 200: json(z.object({ keys: z.array(KeySchema) }), "The keys, revoked ones too"), ...errorResponses(404) },
});
const create = createRoute({
  method: "post",
  path: "/{name}/keys",
  summary: "Make an API key for a deployment: the response is the only time it is shown",
  request: { params: DeploymentNameParam, body: body(CreateKeyBody) },
  responses: { 201: json(CreatedKeySchema, "The new key"), ...errorResponses(400, 404, 413, 415, 422) },
});
const revoke = createRoute({
  method: "delete",
  path: "/{name}/keys/{id}",
  summary: "Revoke a key: it stops working at once and stays listed",
  request: { params: KeyParam },
  responses: { 204: { description: "Revoked" }, ...errorResponses(404) },
});

export function deploymentKeyRoutes({ deployments, keys, now = Date.now }: { deployments: Pick<DeploymentStore, "get">; keys: DeploymentKeyStore; now?: () => number }) {
  return new OpenAPIHono()
    .openapi(list, async (c) => {
      const { name } = c.req.valid("param");
      await deploymentOr404(deployments, name);
      return c.json({ keys: await keys.list(name) }, 200);
    })
    .openapi(create, async (c) => {
      const { name } = c.req.valid("param");
      await deploymentOr404(deployments, name);
      return c.json(await keys.create(name, c.req.valid("json").name, now()), 201);
    })
    .openapi(revoke, async (c) => {
      const { name, id } = c.req.valid("param");
      await deploymentOr404(deployments, name);
      if (!(await keys.revoke(name, id, now()))) throw new ApiError(404, "not_found", `deployment "${name}" has no key "${id}"`);
      return c.body(null, 204);
    });
}
