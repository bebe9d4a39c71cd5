// GET /api/models: the models a flow can name: ids and labels only, never a key.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { ProviderRegistry } from "../../providers/registry.js";

const Model = z
  .object({
    id: z.string().openapi({ example: "openai/gpt-4o-mini" }),
    provider: z.string(),
    label: z.string(),
  })
  .openapi("Model");

const route = createRoute({
  method: "get",
  path: "/",
  summary: "Models a flow can use",
  responses: {
    200: {
      description: "The models",
      content: { "application/json": { schema: z.object({ offline: z.boolean(), models: z.array(Model) }) } },
    },
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
