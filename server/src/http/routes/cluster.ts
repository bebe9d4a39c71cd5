// GET /api/cluster: the Tandem processes on this database (admins): which are live, and how many
// unfinished runs each drives. With several servers on one Postgres, a server that is not live
// has its runs taken on by the others within a few seconds.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { ClusterInfo } from "@tandem/shared";
import type { RunOwners } from "../../store/owners.js";
import { exactly } from "../contract.js";
import { json } from "../schemas.js";

const ClusterSchema = exactly<ClusterInfo>()(
  z
    .object({
      database: z.object({ kind: z.enum(["sqlite", "postgres"]) }),
      servers: z.array(
        z.object({
          id: z.string().openapi({ description: "What this process's /api/health calls serverId" }),
          host: z.string(),
          pid: z.number().int(),
          beatAt: z.number().openapi({ description: "When it last marked itself alive (ms); 0 once it closed" }),
          live: z.boolean().openapi({ description: "It holds its runs now; the runs of one that is not are taken on by the others" }),
          runs: z.number().int().openapi({ description: "Unfinished runs it drives" }),
          self: z.boolean().openapi({ description: "The server that answered" }),
        }),
      ),
    })
    .openapi("Cluster"),
);

const route = createRoute({
  method: "get",
  path: "/",
  summary: "The servers on this database and the runs each drives (admins)",
  responses: { 200: json(ClusterSchema, "The servers") },
});

export function clusterRoutes(deps: { owners: RunOwners; database: ClusterInfo["database"]["kind"] }) {
  return new OpenAPIHono().openapi(route, async (c) => c.json({ database: { kind: deps.database }, servers: await deps.owners.servers() }, 200));
}
