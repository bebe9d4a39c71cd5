// The audit (#/audit): who decided what, when and via what — answers, votes, approvals, edits,
// corrections, claims, escalations and sign-ins — filtered by person, role, flow, action and days,
// a page at a time, each with a link to its run's replay at that event; Export CSV downloads all that match.
import { useCallback } from "react";
import { auditApi } from "../api/audit.js";
import { useFlowList } from "../api/useFlowList.js";
import { AuditFiltersForm } from "../audit/AuditFiltersForm.js";
import { AuditTable } from "../audit/AuditTable.js";
import { AUDIT_PAGE_SIZE, formatAuditQuery, parseAuditQuery, toApiQuery, type AuditFilters } from "../audit/query.js";
import { navigate, paths } from "../router.js";
import { DownloadIcon } from "../ui/icons.js";
import { ListSection, useListLoad } from "../ui/ListSection.js";
import { PageHeader } from "../ui/PageHeader.js";
import { Pager } from "../ui/Pager.js";

export function AuditPage({ search }: { search: string }) {
  const filters = parseAuditQuery(search);
  const key = formatAuditQuery(filters);
  const list = useListLoad(key, async () => {
    const { entries, total } = await auditApi.list(toApiQuery(parseAuditQuery(key)));
    return { items: entries, total };
  });
  const flows = useFlowList();

  const go = useCallback((patch: Partial<AuditFilters>) => navigate(paths.audit(formatAuditQuery({ ...parseAuditQuery(key), offset: 0, ...patch }))), [key]);

  return (
    <main className="flows-page audit-page">
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

      <ListSection
        label="Audit entries"
        load={list}
        what="the audit"
        empty={key ? "Nothing matches these filters." : "Nothing decided yet. Answers, approvals and sign-ins show up here."}
      >
        {(entries, total) => (
          <>
            <AuditTable entries={entries} />
            <Pager offset={filters.offset} shown={entries.length} total={total} pageSize={AUDIT_PAGE_SIZE} onGo={(offset) => go({ offset })} />
          </>
        )}
      </ListSection>
    </main>
  );
}
