// The audit API (/api/audit): who decided what, as a page of entries or a CSV download's address.
import type { AuditList } from "@tandem/shared";
import { request } from "./client.js";

/** Rows the CSV export holds at most (the server's limit). */
const CSV_LIMIT = 10000;

export const auditApi = {
  /** `query`: the filters as the server reads them (person, role, flowId, action, from, to, limit, offset). */
  list: (query: URLSearchParams) => request<AuditList>("GET", `/audit?${query}`),
  /** The CSV download of every entry the filters match (no paging). */
  csvUrl: (query: URLSearchParams) => {
    const q = new URLSearchParams(query);
    q.delete("offset");
    q.set("limit", String(CSV_LIMIT));
    q.set("format", "csv");
    return `/api/audit?${q}`;
  },
};
