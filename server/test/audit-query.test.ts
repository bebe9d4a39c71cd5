// The audit over every event store (the in-memory store, a real SQLite file, a real Postgres): decisions are
// indexed as they are appended, read back as entries with who, via what and what changed,
// filtered by person, role, flow, action and time, paged, merged by time with the accounts log,
// and kept whole by export and import.
import { beforeAll, describe, expect, test } from "vitest";
import { eventsToAudit, fold, parseFlow, type AuditEntry, type RunEvent, type RunEventBody } from "@tandem/shared";
import { queryAudit, type AuditQuery, type AuditSources } from "../src/audit/query.js";
import type { AccountQuery } from "../src/store/accounts.js";
import { exportRun } from "../src/store/export.js";
import { importRun } from "../src/store/import.js";
import { createMemoryEventStore } from "../src/store/memory-events.js";
import { openSql } from "../src/store/open.js";
import { progressOf } from "../src/store/progress.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { sqlBackends, sqliteBackend } from "./helpers/backends.js";
import { refundFlow } from "./helpers/refund-flow.js";
import { reviewFlow } from "./helpers/runs-api.js";

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const ANA = { userId: "u-ana", name: "Ana", via: "studio" } as const;
const BOB = { userId: "u-bob", name: "Bob", via: "terminal" } as const;
const ROLES: Record<string, string[]> = { "u-ana": ["finance"], "u-bob": ["legal", "designer"] };

/** Appends `bodies` as run `runId`'s log, one event a minute from `start`. */
async function record(store: EventStore, runId: string, flowId: string, flow: unknown, start: number, bodies: RunEventBody[]): Promise<RunEvent[]> {
  const parsed = parseFlow(flow);
  if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
  const all: RunEventBody[] = [{ type: "run.started", runId, flow: parsed.flow, flowId, input: "go", options: {} }, ...bodies];
  const events = all.map((b, i) => ({ ...b, seq: i + 1, at: start + i * 60_000 }) as RunEvent);
  await store.append(runId, events, progressOf(fold(events)));
  return events;
}

/** A refund of 250 that Ana approves as 200, and a review Bob answers with an edit, then corrected by Carol, then timed out. */
async function seed(store: EventStore) {
  const refund = await record(store, "run-refund", "f-refund", refundFlow([{ ref: "mcp:payments/refund" }], { order_id: "A-1", amount: 250 }), T0, [
    { type: "node.started", nodeId: "agent", visit: 1, attempt: 1 },
    { type: "tool.requested", nodeId: "agent", callId: "c1", ref: "mcp:payments/refund", tool: "refund", arguments: { order_id: "A-1", amount: 250 }, parameters: {}, approval: "required", why: "always" },
    { type: "tool.approval.requested", nodeId: "agent", callId: "c1", requestId: "r-tool", reason: "policy" },
    { type: "task.claimed", nodeId: "agent", requestId: "r-tool", actor: ANA },
    { type: "tool.approved", nodeId: "agent", callId: "c1", requestId: "r-tool", by: "Ana", actor: ANA, arguments: { order_id: "A-1", amount: 200 } },
  ]);
  const asked = { instructions: "Approve?", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }], allowText: true, allowEdit: true };
  const review = await record(store, "run-review", "f-review", reviewFlow(), T0 + 30_000, [
    { type: "node.started", nodeId: "reviewer", visit: 1, attempt: 1 },
    { type: "human.requested", nodeId: "reviewer", requestId: "r1", ...asked },
    { type: "human.responded", nodeId: "reviewer", requestId: "r1", by: "Bob", actor: BOB, text: "Make it shorter", edit: "A shorter draft" },
    { type: "reply.read", nodeId: "reviewer", text: "Make it shorter", judge: "offline", confidence: 1, latencyMs: 1, outcome: "revise", reason: "asks for a shorter version" },
    { type: "human.requested", nodeId: "reviewer", requestId: "r2", ...asked, allowText: false, allowEdit: false, reading: { outcome: "revise", reason: "asks for a shorter version" } },
    // Written before actors were recorded: only the name given.
    { type: "human.responded", nodeId: "reviewer", requestId: "r2", by: "carol", outcome: "approve" },
    { type: "human.requested", nodeId: "reviewer", requestId: "r3", ...asked, defaultOutcome: "approve", deadline: T0 + 10 * 60_000 },
    { type: "human.timed_out", nodeId: "reviewer", requestId: "r3", outcome: "approve" },
  ]);
  return { refund, review };
}

/** The accounts log, as the accounts store keeps it: the newest first, filtered by user and time, paged. */
function accountsLog(entries: AuditEntry[]) {
  return {
    async logEntries(q: AccountQuery) {
      const all = entries
        .filter((e) => (!q.userId || e.actor?.userId === q.userId) && (q.from === undefined || e.at >= q.from) && (q.to === undefined || e.at <= q.to))
        .sort((a, b) => b.at - a.at);
      const offset = q.offset ?? 0;
      return { entries: all.slice(offset, offset + (q.limit ?? 50)), total: all.length };
    },
  };
}
const SIGN_INS: AuditEntry[] = [
  { at: T0 + 90_000, action: "sign-in", actor: { ...ANA }, detail: "password" },
  { at: T0 - 60_000, action: "sign-in", actor: { ...BOB }, detail: "password" },
];

const stores: [string, () => Promise<EventStore>][] = [
  ["memory", async () => createMemoryEventStore()],
  ...sqlBackends.map((b): [string, () => Promise<EventStore>] => [b.name, async () => createSqlEventStore(await b.open())]),
];

test("a database written before the audit index existed has its decisions indexed when it is opened", async () => {
  const dir = await sqliteBackend.target();
  const before = await openSql(dir);
  await seed(createSqlEventStore(before.sql));
  const indexed = await queryAudit({ events: createSqlEventStore(before.sql) }, { limit: 100, offset: 0 });
  // As an older Tandem left it: the same runs, no index, no versions.
  await before.sql.exec("DROP TABLE audit_events; DROP TABLE schema_migrations");
  await before.sql.close();
  const reopened = await openSql(dir);
  expect(await queryAudit({ events: createSqlEventStore(reopened.sql) }, { limit: 100, offset: 0 })).toEqual(indexed);
  expect(indexed.total).toBe(7);
  await reopened.sql.close();
});

describe.each(stores)("the audit over the %s store", (_name, open) => {
  let store: EventStore;
  let sources: AuditSources;
  beforeAll(async () => {
    store = await open();
    await seed(store);
    // Roles looked up as the accounts store does: asynchronously.
    sources = { events: store, accounts: accountsLog(SIGN_INS), rolesOf: async (id) => ROLES[id] ?? [] };
  });
  const audit = (q: Partial<AuditQuery> = {}) => queryAudit(sources, { limit: 100, offset: 0, ...q });
  const brief = async (list: { entries: AuditEntry[] } | Promise<{ entries: AuditEntry[] }>) => (await list).entries.map((e) => `${e.action} ${e.actor?.name ?? "-"}`);

  test("every decision, the newest first, with who, via what, where and what changed", async () => {
    const all = await audit();
    expect(await brief(all)).toEqual([
      "timeout -",
      "correct carol",
      "approve Ana",
      "edit Ana",
      "claim Ana",
      "answer Bob",
      "edit Bob",
      "sign-in Ana",
      "sign-in Bob",
    ]);
    expect(all.total).toBe(9);
    const byAction = Object.fromEntries(all.entries.map((e) => [`${e.action} ${e.actor?.name}`, e]));
    expect(byAction["edit Ana"]).toEqual({
      at: T0 + 5 * 60_000,
      action: "edit",
      actor: ANA,
      runId: "run-refund",
      flowId: "f-refund",
      flowName: "Refund",
      nodeId: "agent",
      nodeName: "agent",
      requestId: "r-tool",
      seq: 6,
      detail: "amount 250 → 200",
    });
    expect(byAction["approve Ana"]!.detail).toBe("approved refund");
    expect(byAction["answer Bob"]).toMatchObject({ actor: BOB, nodeName: "reviewer", detail: "Make it shorter", seq: 4 });
    expect(byAction["edit Bob"]!.detail).toBe("rewrote the reply: A shorter draft");
    // A log from before actors: the name given, no account.
    expect(byAction["correct carol"]).toMatchObject({ actor: { name: "carol", via: "http" }, detail: "read as revise → approve" });
    expect(all.entries[0]).toMatchObject({ action: "timeout", actor: null, detail: "no answer in time: approve" });
  });

  test("filters: a person by id or by name in any case, a role held now, a flow, an action, a time window", async () => {
    expect(await brief(audit({ person: "u-ana" }))).toEqual(["approve Ana", "edit Ana", "claim Ana", "sign-in Ana"]);
    expect(await brief(audit({ person: "ANA" }))).toEqual(["approve Ana", "edit Ana", "claim Ana", "sign-in Ana"]);
    expect(await brief(audit({ person: "carol" }))).toEqual(["correct carol"]);
    expect(await brief(audit({ role: "legal" }))).toEqual(["answer Bob", "edit Bob", "sign-in Bob"]);
    // Nobody holds it: nothing, not everything.
    expect(await audit({ role: "medical" })).toEqual({ entries: [], total: 0 });
    expect(await brief(audit({ flowId: "f-refund" }))).toEqual(["approve Ana", "edit Ana", "claim Ana"]);
    expect((await audit({ action: "edit" })).entries.map((e) => e.detail)).toEqual(["amount 250 → 200", "rewrote the reply: A shorter draft"]);
    expect(await brief(audit({ action: "sign-in" }))).toEqual(["sign-in Ana", "sign-in Bob"]);
    expect(await brief(audit({ from: T0, to: T0 + 4 * 60_000 }))).toEqual(["claim Ana", "answer Bob", "edit Bob", "sign-in Ana"]);
  });

  test("pages of the merged list add up to the whole, each with the whole's total", async () => {
    const whole = await audit();
    const pages = await Promise.all([0, 4, 8].map((offset) => audit({ offset, limit: 4 })));
    expect(pages.flatMap((p) => p.entries)).toEqual(whole.entries);
    expect(pages.map((p) => p.total)).toEqual([9, 9, 9]);
  });

  test("without an accounts log or a roles lookup: run entries only, and no one holds a role", async () => {
    const bare = await queryAudit({ events: store }, { limit: 100, offset: 0 });
    expect(bare.total).toBe(7);
    expect(bare.entries.every((e) => e.runId)).toBe(true);
    expect((await queryAudit({ events: store }, { role: "finance", limit: 100, offset: 0 })).total).toBe(0);
  });

  test("an exported and imported run yields the same entries, and the audit lists the imported copy's too", async () => {
    const doc = JSON.parse(JSON.stringify(await exportRun(store, "run-review")));
    const imported = await importRun(store, doc, () => "run-review-copy");
    expect(imported).toEqual({ ok: true, runId: "run-review-copy" });
    const entriesOf = async (runId: string) => eventsToAudit((await store.run(runId))!, await store.events(runId)).map(({ runId: _, ...rest }) => rest);
    expect(await entriesOf("run-review-copy")).toEqual(await entriesOf("run-review"));
    expect(await entriesOf("run-review")).toHaveLength(4);
    const copies = (await audit({ flowId: "f-review" })).entries.filter((e) => e.runId === "run-review-copy");
    expect(await brief({ entries: copies })).toEqual(["timeout -", "correct carol", "answer Bob", "edit Bob"]);
    expect(await store.deleteRun("run-review-copy")).toBe(true);
    expect((await audit()).total).toBe(9);
  });
});
