// GET /api/models: the models a flow can name: ids and labels only, never a key.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { ModelInfo, ModelList } from "@tandem/shared";
import type { ProviderRegistry } from "../../providers/registry.js";
import { exactly } from "../contract.js";
import { json } from "../schemas.js";

const Model = exactly<ModelInfo>()(z
  .object({
    id: z.string().openapi({ example: "openai/gpt-4o-mini" }),
    provider: z.string(),
    label: z.string(),
  })
  .openapi("Model"));

const route = createRoute({
  method: "get",
  path: "/",
  summary: "Models a flow can use",
  responses: {
    200: json(exactly<ModelList>()(z.object({ offline: z.boolean(), models: z.array(Model) })), "The models"),
  },
});

export function modelRoutes(registry: ProviderRegistry) {
  return new OpenAPIHono().openapi(route, (c) =>
    c.json(
      {
        offline: registry.offline,
        models: registry.models().map(({ id, provider, label }) => ({ id, provider, label })),
      },
      200,
    ),
  );
}
