// The audit (#/audit): who decided what, when and via what — answers, votes, approvals, edits,
// corrections, claims, escalations and sign-ins — filtered by person, role, flow, action and days,
// a page at a time, each with a link to its run's replay at that event; Export CSV downloads all that match.
import type { AuditList, FlowSummary } from "@tandem/shared";
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client.js";
import { auditApi } from "../api/audit.js";
import { AuditFiltersForm } from "../audit/AuditFiltersForm.js";
import { AuditTable } from "../audit/AuditTable.js";
import { AUDIT_PAGE_SIZE, formatAuditQuery, parseAuditQuery, toApiQuery, type AuditFilters } from "../audit/query.js";
import { navigate, paths } from "../router.js";
import { DownloadIcon } from "../ui/icons.js";
import { PageHeader } from "../ui/PageHeader.js";

type Load = { state: "loading" } | ({ state: "ready" } & AuditList) | { state: "failed"; message: string };

export function AuditPage({ search }: { search: string }) {
  const filters = parseAuditQuery(search);
  const key = formatAuditQuery(filters);
  const [list, setList] = useState<Load>({ state: "loading" });
  const [flows, setFlows] = useState<FlowSummary[]>([]);

  useEffect(() => {
    let live = true;
    setList({ state: "loading" });
    auditApi.list(toApiQuery(parseAuditQuery(key))).then(
      (page) => live && setList({ state: "ready", ...page }),
      (e: Error) => live && setList({ state: "failed", message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [key]);

  useEffect(() => {
    api.listFlows().then(setFlows, () => setFlows([]));
  }, []);

  const go = useCallback((patch: Partial<AuditFilters>) => navigate(paths.audit(formatAuditQuery({ ...parseAuditQuery(key), offset: 0, ...patch }))), [key]);

  const first = filters.offset + 1;
  const last = list.state === "ready" ? filters.offset + list.entries.length : 0;
  return (
    <div className="flows-page audit-page">
      <PageHeader title="Audit" description="Who decided what, when, and via what: every answer, approval, edit, claim, escalation and sign-in.">
        <a className="btn btn-ghost" href={`#${paths.flows()}`}>
          Flows
        </a>
        <a className="btn btn-ghost" href={`#${paths.sessions()}`}>
          Sessions
        </a>
        <a className="btn" href={auditApi.csvUrl(toApiQuery(filters))} download="tandem-audit.csv">
          <DownloadIcon /> Export CSV
        </a>
      </PageHeader>

      <AuditFiltersForm filters={filters} flows={flows} onChange={go} />

      <section aria-label="Audit entries" aria-busy={list.state === "loading"}>
        {list.state === "loading" && <p className="muted">Loading…</p>}
        {list.state === "failed" && (
          <div className="alert alert-error" role="alert">
            <div className="alert-body">Could not load the audit: {list.message}</div>
          </div>
        )}
        {list.state === "ready" && list.entries.length === 0 && (
          <p className="empty">{key ? "Nothing matches these filters." : "Nothing decided yet. Answers, approvals and sign-ins show up here."}</p>
        )}
        {list.state === "ready" && list.entries.length > 0 && (
          <>
            <AuditTable entries={list.entries} />
            <nav className="pager" aria-label="Pages">
              <span className="muted">
                {first.toLocaleString("en")}–{last.toLocaleString("en")} of {list.total.toLocaleString("en")}
              </span>
              <button type="button" className="btn btn-sm" disabled={filters.offset === 0} onClick={() => go({ offset: Math.max(0, filters.offset - AUDIT_PAGE_SIZE) })}>
                Previous
              </button>
              <button type="button" className="btn btn-sm" disabled={last >= list.total} onClick={() => go({ offset: filters.offset + AUDIT_PAGE_SIZE })}>
                Next
              </button>
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
