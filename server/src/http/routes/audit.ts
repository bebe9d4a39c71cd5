// GET /api/audit: who decided what, when and via what, across runs and the accounts log,
// filtered and paged; `format=csv` gives the same entries as a spreadsheet-safe CSV download.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { AUDIT_ACTIONS, type AuditEntry, type AuditList } from "@tandem/shared";
import { auditCsv } from "../../audit/csv.js";
import { queryAudit, type AuditSources } from "../../audit/query.js";
import { exactly } from "../contract.js";
import { errorResponses, json } from "../schemas.js";
import { ActorSchema } from "./runs/schemas.js";

const AuditEntrySchema = exactly<AuditEntry>()(
  z
    .object({
      at: z.number().openapi({ description: "epoch ms" }),
      action: z.enum(AUDIT_ACTIONS),
      actor: ActorSchema.nullable().openapi({ description: "Null for what Tandem did itself (a deadline, an escalation)" }),
      runId: z.string().optional(),
      flowId: z.string().nullable().optional(),
      flowName: z.string().optional(),
      nodeId: z.string().optional(),
      nodeName: z.string().optional(),
      requestId: z.string().optional(),
      seq: z.number().int().optional().openapi({ description: "The event's seq in the run: its replay opens there" }),
      detail: z.string().openapi({ description: 'What was decided, in a line ("amount 250 → 200")' }),
    })
    .openapi("AuditEntry"),
);

/** A time as epoch ms or an ISO 8601 date. */
const time = z
  .string()
  .transform((s, ctx) => {
    const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: "custom", message: "expected epoch ms or an ISO 8601 date" });
      return z.NEVER;
    }
    return ms;
  })
  .openapi({ type: "string", description: "epoch ms or an ISO 8601 date" });

const route = createRoute({
  method: "get",
  path: "/",
  summary: "Who decided what, when and via what: answers, votes, approvals, edits, corrections, claims, escalations and sign-ins, the newest first",
  request: {
    query: z.object({
      person: z.string().min(1).max(200).optional().openapi({ description: "A user id, or a name (any case)" }),
      role: z.string().min(1).max(40).optional().openapi({ description: "Entries by users who hold this role now" }),
      flowId: z.string().min(1).max(200).optional(),
      action: z.enum(AUDIT_ACTIONS).optional(),
      from: time.optional(),
      to: time.optional(),
      limit: z.coerce.number().int().min(1).max(10000).default(100),
      offset: z.coerce.number().int().min(0).default(0),
      format: z.enum(["json", "csv"]).default("json").openapi({ description: "csv: a text/csv download with a header row" }),
    }),
  },
  responses: {
    200: {
      description: "The entries",
      content: {
        "application/json": { schema: exactly<AuditList>()(z.object({ entries: z.array(AuditEntrySchema), total: z.number().int() })) },
        "text/csv": { schema: z.string().openapi({ description: "RFC 4180, a header row; a cell that would start a formula begins with '" }) },
      },
    },
    ...errorResponses(422),
  },
});

export function auditRoutes(sources: AuditSources) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const { format, ...query } = c.req.valid("query");
    const list = await queryAudit(sources, query);
    if (format === "json") return c.json(list, 200);
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", 'attachment; filename="tandem-audit.csv"');
    return c.body(auditCsv(list.entries), 200);
  });
}
