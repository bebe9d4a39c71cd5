// The audit page's filters live in the address (#/audit?person=ana&action=approve&offset=50), so
// Back, a reload and a shared link show the same entries; `toApiQuery` turns them into the server's.
import { AUDIT_ACTIONS, type AuditAction } from "@tandem/shared";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  person: string;
  role: string;
  flow: string;
  action: AuditAction | "";
  /** Days as the date inputs give them (YYYY-MM-DD), in the browser's time zone. */
  from: string;
  to: string;
  offset: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseAuditQuery(search: string): AuditFilters {
  const q = new URLSearchParams(search);
  const action = q.get("action") ?? "";
  const offset = Number(q.get("offset"));
  const day = (key: string) => (DAY.test(q.get(key) ?? "") ? q.get(key)! : "");
  return {
    person: q.get("person") ?? "",
    role: q.get("role") ?? "",
    flow: q.get("flow") ?? "",
    action: (AUDIT_ACTIONS as readonly string[]).includes(action) ? (action as AuditAction) : "",
    from: day("from"),
    to: day("to"),
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

export function formatAuditQuery(f: AuditFilters): string {
  const q = new URLSearchParams();
  for (const key of ["person", "role", "flow", "action", "from", "to"] as const) if (f[key]) q.set(key, f[key]);
  if (f.offset) q.set("offset", String(f.offset));
  return q.toString();
}

/** The server's query: a day's start for `from`, its end for `to`, in epoch ms. */
export function toApiQuery(f: AuditFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.person.trim()) q.set("person", f.person.trim());
  if (f.role.trim()) q.set("role", f.role.trim());
  if (f.flow) q.set("flowId", f.flow);
  if (f.action) q.set("action", f.action);
  if (f.from) q.set("from", String(new Date(`${f.from}T00:00:00`).getTime()));
  if (f.to) q.set("to", String(new Date(`${f.to}T23:59:59.999`).getTime()));
  q.set("limit", String(AUDIT_PAGE_SIZE));
  q.set("offset", String(f.offset));
  return q;
}
