// GET /api/models: the models a flow can name, by provider: ids, labels and prices, never a key.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { ModelInfo, ModelList, ModelPrice, ProviderModels } from "@tandem/shared";
import type { ProviderRegistry } from "../../providers/registry.js";
import { exactly } from "../contract.js";
import { json } from "../schemas.js";

const Price = exactly<ModelPrice>()(
  z
    .object({ input: z.number(), cachedInput: z.number().optional(), output: z.number() })
    .openapi("ModelPrice", { description: "US dollars per million tokens" }),
);

const Model = exactly<ModelInfo>()(
  z
    .object({
      id: z.string().openapi({ example: "openai/gpt-4o-mini" }),
      provider: z.string(),
      label: z.string(),
      price: Price.optional(),
    })
    .openapi("Model"),
);

const Provider = exactly<ProviderModels>()(
  z
    .object({
      id: z.string().openapi({ example: "anthropic" }),
      label: z.string(),
      configured: z.boolean().openapi({ description: "Its key (or server address) is set on this server" }),
      setup: z.string().openapi({ description: "What to set to configure it" }),
      live: z.boolean().openapi({ description: "The models were read from the provider (false: the shipped list)" }),
      error: z.string().optional().openapi({ description: "Why the live list could not be read" }),
      models: z.array(Model),
    })
    .openapi("ProviderModels"),
);

const route = createRoute({
  method: "get",
  path: "/",
  summary: "Models a flow can use, by provider",
  responses: {
    200: json(
      exactly<ModelList>()(
        z.object({
          offline: z.boolean(),
          models: z.array(Model),
          providers: z.array(Provider),
          pricesAsOf: z.string().openapi({ description: "The date of the shipped prices" }),
        }),
      ),
      "The models",
    ),
  },
});

export function modelRoutes(registry: ProviderRegistry) {
  return new OpenAPIHono().openapi(route, async (c) => c.json(await registry.models(), 200));
}
