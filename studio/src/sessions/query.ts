// The sessions list's filters live in the address (#/sessions?status=waiting&text=…&offset=50),
// so Back, a reload and a shared link show the same page of the same list.
import { RUN_STATUSES, type RunListQuery, type RunStatus } from "@tandem/shared";

export const PAGE_SIZE = 50;

export interface SessionQuery {
  flow: string;
  status: RunStatus | "";
  text: string;
  offset: number;
}

export function parseQuery(search: string): SessionQuery {
  const q = new URLSearchParams(search);
  const status = q.get("status") ?? "";
  const offset = Number(q.get("offset"));
  return {
    flow: q.get("flow") ?? "",
    status: (RUN_STATUSES as readonly string[]).includes(status) ? (status as RunStatus) : "",
    text: q.get("text") ?? "",
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

export function formatQuery(query: SessionQuery): string {
  const q = new URLSearchParams();
  if (query.flow) q.set("flow", query.flow);
  if (query.status) q.set("status", query.status);
  if (query.text) q.set("text", query.text);
  if (query.offset) q.set("offset", String(query.offset));
  return q.toString();
}

export function toFilter(query: SessionQuery): RunListQuery {
  return {
    ...(query.flow ? { flow: query.flow } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.text.trim() ? { text: query.text.trim() } : {}),
    limit: PAGE_SIZE,
    offset: query.offset,
  };
}
