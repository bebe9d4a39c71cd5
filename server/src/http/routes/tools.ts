// GET /api/tools: the tools agents can be given here — each configured MCP server with its tools
// listed live (or why it is down), code tools, and the HTTP tools' policy with secret names only.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { ToolBox, ToolCatalog } from "../../tools/types.js";
import { exactly } from "../contract.js";
import { json } from "../schemas.js";

const ToolSpecSchema = z
  .object({ name: z.string(), description: z.string(), parameters: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema of the arguments" }) })
  .openapi("ToolSpec");

const CatalogSchema = exactly<ToolCatalog>()(
  z
    .object({
      servers: z.array(
        z.object({
          name: z.string().openapi({ description: 'Named in a flow as "mcp:<name>/<tool>"' }),
          transport: z.enum(["stdio", "http"]),
          status: z.enum(["up", "down"]),
          error: z.string().optional(),
          tools: z.array(ToolSpecSchema),
        }),
      ),
      code: z.array(ToolSpecSchema).openapi({ description: 'Tools given in code by this process, named "code:<name>"' }),
      http: z.object({
        allow: z.array(z.string()).openapi({ description: "Destinations HTTP tools may reach" }),
        allowPrivate: z.boolean(),
        secrets: z.array(z.string()).openapi({ description: 'Secret names a header may use as {{secret.NAME}} (never their values)' }),
      }),
    })
    .openapi("ToolCatalog"),
);

const route = createRoute({
  method: "get",
  path: "/",
  summary: "Tools agents can call on this server",
  responses: { 200: json(CatalogSchema, "The tools") },
});

export function toolRoutes(tools: ToolBox) {
  return new OpenAPIHono().openapi(route, async (c) => c.json(await tools.list(), 200));
}
