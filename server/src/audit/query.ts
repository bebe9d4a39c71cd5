// The audit: who decided what, when and via what, from the runs' audit index (resolved to entries
// from each listed run's events) merged by time with the accounts log (sign-ins, tokens, users, roles).
import { eventsToAudit, RUN_AUDIT_ACTIONS, type AuditAction, type AuditEntry, type AuditList } from "@tandem/shared";
import type { AccountQuery } from "../store/accounts.js";
import type { AuditRow, EventStore } from "../store/types.js";

export interface AuditQuery {
  /** A user id or a name (any case). */
  person?: string;
  /** Entries by users who hold this role now. */
  role?: string;
  flowId?: string;
  action?: AuditAction;
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

export interface AuditSources {
  events: Pick<EventStore, "auditRows" | "auditUserIds" | "events" | "run">;
  /** The accounts log (the accounts store's); without it the audit has run entries only. */
  accounts?: { logEntries(query: AccountQuery): Awaitable<{ entries: AuditEntry[]; total: number }> };
  /** The roles a user holds now; without it no one holds a role. */
  rolesOf?: (userId: string) => Awaitable<readonly string[]>;
}

type Awaitable<T> = T | Promise<T>;

/** Account log entries are read in pages of this many when filtered here. */
const ACCOUNT_PAGE = 500;

export async function queryAudit(src: AuditSources, q: AuditQuery): Promise<AuditList> {
  // Enough of each source for the page of the merged list.
  const need = q.offset + q.limit;
  const holds = roleHolder(src, q.role);
  const holders = q.role === undefined ? undefined : await filterAsync(await src.events.auditUserIds(), holds);
  const runs = runEntriesWanted(q)
    ? await src.events.auditRows({
        person: q.person,
        userIds: holders,
        flowId: q.flowId,
        actions: q.action ? [q.action] : undefined,
        from: q.from,
        to: q.to,
        limit: need,
        offset: 0,
      })
    : { rows: [], total: 0 };
  const accounts = src.accounts && accountEntriesWanted(q) ? await accountEntries(src, q, need, holds) : { entries: [], total: 0 };

  type Item = { at: number; row: AuditRow } | { at: number; entry: AuditEntry };
  const merged: Item[] = [...runs.rows.map((row) => ({ at: row.at, row })), ...accounts.entries.map((entry) => ({ at: entry.at, entry }))];
  // Stable: equal times keep each source's own order.
  merged.sort((a, b) => b.at - a.at);
  const page = merged.slice(q.offset, need);
  const resolve = resolver(src.events);
  const entries: AuditEntry[] = [];
  // One at a time: each run's events are read once, by its first row.
  for (const item of page) entries.push("entry" in item ? item.entry : await resolve(item.row));
  return { entries, total: runs.total + accounts.total };
}

/** Whether a user holds the role now (each user asked once). */
function roleHolder(src: AuditSources, role: string | undefined): (userId: string) => Promise<boolean> {
  const known = new Map<string, Promise<boolean>>();
  return (userId) => {
    if (!known.has(userId)) known.set(userId, (async () => role !== undefined && ((await src.rolesOf?.(userId)) ?? []).includes(role))());
    return known.get(userId)!;
  };
}

async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const kept = await Promise.all(items.map(keep));
  return items.filter((_, i) => kept[i]);
}

const runEntriesWanted = (q: AuditQuery) => !q.action || RUN_AUDIT_ACTIONS.includes(q.action);
const accountEntriesWanted = (q: AuditQuery) => q.flowId === undefined && (!q.action || !RUN_AUDIT_ACTIONS.includes(q.action));

/** The accounts log's entries for the query, the newest first: at most `need` of them, and how many match. */
async function accountEntries(src: AuditSources, q: AuditQuery, need: number, holds: (userId: string) => Promise<boolean>): Promise<{ entries: AuditEntry[]; total: number }> {
  const accounts = src.accounts!;
  const base: AccountQuery = { ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) };
  const keep = async (e: AuditEntry) =>
    (q.action === undefined || e.action === q.action) &&
    (q.person === undefined || e.actor?.userId === q.person || e.actor?.name.toLowerCase() === q.person.toLowerCase()) &&
    (q.role === undefined || (e.actor?.userId !== undefined && (await holds(e.actor.userId))));
  if (q.action === undefined && q.person === undefined && q.role === undefined) {
    const { entries, total } = await accounts.logEntries({ ...base, limit: need, offset: 0 });
    return { entries: entries.sort((a, b) => b.at - a.at), total };
  }
  // The accounts log filters by time only: the rest is decided here, a page at a time.
  const matched: AuditEntry[] = [];
  for (let offset = 0; ; offset += ACCOUNT_PAGE) {
    const { entries } = await accounts.logEntries({ ...base, limit: ACCOUNT_PAGE, offset });
    matched.push(...(await filterAsync(entries, keep)));
    if (entries.length < ACCOUNT_PAGE) break;
  }
  return { entries: matched.sort((a, b) => b.at - a.at).slice(0, need), total: matched.length };
}

/** Turns index rows into entries, reading each run's events once. */
function resolver(events: AuditSources["events"]): (row: AuditRow) => Promise<AuditEntry> {
  const perRun = new Map<string, AuditEntry[]>();
  return async (row) => {
    let entries = perRun.get(row.runId);
    if (!entries) {
      const run = await events.run(row.runId);
      entries = run ? eventsToAudit(run, await events.events(row.runId)) : [];
      perRun.set(row.runId, entries);
    }
    const found = entries.find((e) => e.seq === row.seq && e.action === row.action);
    if (!found) throw new Error(`run ${row.runId} has no audit entry ${row.action} at seq ${row.seq}`);
    return found;
  };
}
