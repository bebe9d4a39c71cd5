// An in-memory event store with the same behaviour as the SQL one (for benchmarks and
// embedding where nothing should touch the disk).
import { AsyncLocalStorage } from "node:async_hooks";
import { FINISH_STATUSES, type RunEvent, type RunSummary } from "@tandem/shared";
import { auditRowsOf, type NewAuditRow } from "./audit-rows.js";
import { SeqTakenError, type AuditRowFilter, type EventStore } from "./types.js";

/** Case-insensitive, like the SQL stores' LIKE. */
function said(haystack: string | undefined, text: string): boolean {
  return haystack !== undefined && haystack.toLowerCase().includes(text.toLowerCase());
}

/** What a person or agent said in an event: a message, or a person's reply or edit. */
function saidIn(e: RunEvent, text: string): boolean {
  if (e.type === "message") return said(e.content, text);
  if (e.type === "human.responded") return said(e.text, text) || said(e.edit, text);
  return false;
}

/** Ids in code point order, as the SQL stores order them. */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

type MemoryAuditRow = NewAuditRow & { runId: string; flowId: string | null };

/** Whether an audit row passes the filter, as the SQL store's query decides. */
function auditMatches(r: MemoryAuditRow, f: AuditRowFilter): boolean {
  const person = f.person?.toLowerCase();
  return (
    (person === undefined || r.userId === f.person || r.name?.toLowerCase() === person) &&
    (!f.userIds || (r.userId !== null && f.userIds.includes(r.userId))) &&
    (f.flowId === undefined || r.flowId === f.flowId) &&
    (!f.actions || f.actions.includes(r.action)) &&
    (f.from === undefined || r.at >= f.from) &&
    (f.to === undefined || r.at <= f.to)
  );
}

export function createMemoryEventStore(): EventStore {
  const runs = new Map<string, RunSummary>();
  const logs = new Map<string, RunEvent[]>();
  let audit: MemoryAuditRow[] = [];
  // In a batch: how to take back each append made in it, should the batch fail (as a rollback would).
  const batches = new AsyncLocalStorage<(() => void)[]>();
  return {
    async append(runId, events, progress, meta) {
      if (events.length === 0) return;
      const first = events[0]!;
      // Checked before anything changes: a refused append leaves nothing behind, as a rolled-back transaction.
      const starts = first.type === "run.started";
      if (starts && logs.has(runId)) throw new Error(`run ${runId} already exists`);
      if (!starts && !logs.has(runId)) throw new Error(`unknown run ${runId}`);
      const next = starts ? 1 : logs.get(runId)!.length + 1;
      if (events.some((e, i) => e.seq !== next + i)) throw new SeqTakenError(runId, first.seq);
      if (first.type === "run.started") {
        logs.set(runId, []);
        runs.set(runId, {
          id: runId,
          flowId: first.flowId ?? null,
          flowVersion: first.flowVersion ?? null,
          flowName: first.flow.name,
          input: first.input,
          parentRunId: first.parent?.runId ?? null,
          parentSeq: first.parent?.seq ?? null,
          imported: meta?.imported ?? false,
          deployment: first.deployment?.name ?? null,
          damaged: null,
          ...progress,
        });
      }
      const log = logs.get(runId)!;
      const run = runs.get(runId)!;
      const before = { ...run };
      for (const e of events) log.push(e);
      Object.assign(run, progress);
      const readingAsked = (requestId: string) => log.some((e) => e.type === "human.requested" && e.requestId === requestId && e.reading !== undefined);
      const rows = auditRowsOf(events, readingAsked).map((row) => ({ ...row, runId, flowId: run.flowId }));
      audit.push(...rows);
      batches.getStore()?.push(() => {
        audit = audit.filter((r) => !rows.includes(r));
        if (first.type === "run.started") {
          logs.delete(runId);
          runs.delete(runId);
        } else {
          log.length -= events.length;
          Object.assign(run, before);
        }
      });
    },
    async batch(fn) {
      const undo: (() => void)[] = [];
      try {
        const result = await batches.run(undo, fn);
        // Inside another batch: taken back with it, should it fail.
        batches.getStore()?.push(...undo);
        return result;
      } catch (e) {
        for (const take of undo.reverse()) take();
        throw e;
      }
    },
    async events(runId, afterSeq = 0) {
      return (logs.get(runId) ?? []).slice(afterSeq);
    },
    async run(runId) {
      const run = runs.get(runId);
      return run && { ...run };
    },
    async listRuns(filter = {}) {
      const all = [...runs.values()]
        .filter((r) => (!filter.flowId || r.flowId === filter.flowId) && (!filter.status || r.status === filter.status))
        .filter((r) => !filter.deployment || r.deployment === filter.deployment)
        .filter((r) => !filter.text || said(r.input, filter.text) || (logs.get(r.id) ?? []).some((e) => saidIn(e, filter.text!)))
        .sort((a, b) => b.startedAt - a.startedAt || byId(a, b));
      const offset = filter.offset ?? 0;
      return { runs: all.slice(offset, offset + (filter.limit ?? 50)).map((r) => ({ ...r })), total: all.length };
    },
    async auditRows(filter) {
      const all = audit
        .filter((r) => auditMatches(r, filter))
        .sort((a, b) => b.at - a.at || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0) || b.seq - a.seq || (a.action < b.action ? -1 : 1));
      const rows = all.slice(filter.offset, filter.offset + filter.limit).map(({ runId, seq, at, action }) => ({ runId, seq, at, action }));
      return { rows, total: all.length };
    },
    async auditUserIds() {
      return [...new Set(audit.flatMap((r) => (r.userId === null ? [] : [r.userId])))].sort();
    },
    async markDamaged(runId, reason) {
      const run = runs.get(runId);
      if (run) run.damaged = reason;
    },
    async deleteRun(runId) {
      logs.delete(runId);
      audit = audit.filter((r) => r.runId !== runId);
      return runs.delete(runId);
    },
    async unfinishedRuns() {
      return [...runs.values()]
        .filter((r) => !r.imported && !(FINISH_STATUSES as readonly string[]).includes(r.status))
        .sort((a, b) => a.startedAt - b.startedAt || byId(a, b))
        .map((r) => r.id);
    },
    async close() {},
  };
}
