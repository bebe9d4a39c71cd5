// The flow store's conformance suite: SQLite and Postgres are held to the same behaviour, down to
// the order of lists, the errors, and two servers saving one flow at once.
import { describe, expect, it } from "vitest";
import { createFlowStore, VersionConflictError, type FlowStore } from "../src/store/flows.js";
import type { Sql } from "../src/store/sql/types.js";
import { sqlBackends } from "./helpers/backends.js";
import { flowDoc, insertRun, twoServers } from "./helpers/store-rows.js";

describe.each(sqlBackends)("flows on $name", (backend) => {
  const open = async (): Promise<{ sql: Sql; flows: FlowStore }> => {
    const sql = await backend.open();
    return { sql, flows: createFlowStore(sql) };
  };

  it("creates version 1 and reads it back, the document with its id", async () => {
    const { flows } = await open();
    const created = await flows.create(flowDoc("Triage"), { by: { userId: "u1", name: "Ana" }, message: "first" });
    expect(created).toMatchObject({ name: "Triage", version: 1, latestVersion: 1, valid: true, problems: [] });
    expect(created.createdAt).toBe(created.savedAt);
    expect(created.flow.id).toBe(created.id);
    expect(await flows.get(created.id)).toEqual(created);
    expect(await flows.get(created.id, 1)).toEqual(created);
    expect(await flows.get(created.id, 2)).toBeUndefined();
    expect(await flows.get("no-such-flow")).toBeUndefined();
  });

  it("keeps a flow with errors as a draft, with its problems", async () => {
    const { flows } = await open();
    const draft = await flows.create(flowDoc("Draft", ""));
    expect(draft.valid).toBe(false);
    expect(draft.problems.some((p) => p.severity === "error")).toBe(true);
    expect(await flows.get(draft.id)).toMatchObject({ valid: false, problems: draft.problems });
  });

  it("saves each edit as the next version; earlier versions stay readable", async () => {
    const { flows } = await open();
    const v1 = await flows.create(flowDoc("One"));
    const v2 = (await flows.save(v1.id, flowDoc("Two"), 1, { message: "renamed" }))!;
    expect(v2).toMatchObject({ id: v1.id, name: "Two", version: 2, latestVersion: 2, createdAt: v1.createdAt });
    expect(await flows.get(v1.id)).toMatchObject({ name: "Two", version: 2, latestVersion: 2 });
    expect(await flows.get(v1.id, 1)).toMatchObject({ name: "One", version: 1, latestVersion: 2, savedAt: v1.savedAt });
    expect(await flows.save("no-such-flow", flowDoc())).toBeUndefined();
  });

  it("refuses a save based on a version that is no longer the latest, and stores nothing", async () => {
    const { flows } = await open();
    const v1 = await flows.create(flowDoc());
    await flows.save(v1.id, flowDoc("Second"), 1);
    const stale = flows.save(v1.id, flowDoc("Stale"), 1);
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ latest: 2, base: 1 });
    expect((await flows.versions(v1.id))!.map((v) => v.version)).toEqual([2, 1]);
    expect((await flows.get(v1.id))!.name).toBe("Second");
  });

  it("lists the versions newest first, with who saved each and why", async () => {
    const { flows } = await open();
    const v1 = await flows.create(flowDoc(), { by: { name: "Ana" } });
    await flows.save(v1.id, flowDoc("Broken", ""), undefined, { by: { userId: "u2", name: "Bo" }, message: "broke it" });
    expect(await flows.versions(v1.id)).toEqual([
      { version: 2, savedAt: expect.any(Number), savedBy: { userId: "u2", name: "Bo" }, message: "broke it", valid: false },
      { version: 1, savedAt: v1.savedAt, savedBy: { name: "Ana" }, message: null, valid: true },
    ]);
    expect(await flows.versions("no-such-flow")).toBeUndefined();
  });

  it("restores a version as the next one, keeping every version in between", async () => {
    const { flows } = await open();
    const v1 = await flows.create(flowDoc("Original"));
    await flows.save(v1.id, flowDoc("Changed"));
    const restored = (await flows.restore(v1.id, 1, { name: "Ana" }))!;
    expect(restored).toMatchObject({ version: 3, latestVersion: 3, name: "Original" });
    expect(restored.flow).toEqual(v1.flow);
    expect((await flows.versions(v1.id))![0]).toMatchObject({ version: 3, message: "Restored version 1", savedBy: { name: "Ana" } });
    expect(await flows.restore(v1.id, 9)).toBeUndefined();
    expect(await flows.restore("no-such-flow", 1)).toBeUndefined();
    expect((await flows.versions(v1.id))!).toHaveLength(3);
  });

  it("lists flows by last save, newest first, each with its latest run", async () => {
    const { sql, flows } = await open();
    const a = await flows.create(flowDoc("A"));
    const b = await flows.create(flowDoc("B", ""));
    const c = await flows.create(flowDoc("C"));
    // Saved last, A comes first; B and C were saved in the same millisecond or in order: the later insert first.
    await new Promise((r) => setTimeout(r, 2));
    await flows.save(a.id, flowDoc("A2"));
    await insertRun(sql, { id: "r-old", flowId: c.id, status: "completed", startedAt: 1000, finishedAt: 2000 });
    await insertRun(sql, { id: "r-new", flowId: c.id, status: "failed", startedAt: 5000, finishedAt: 6000 });
    await insertRun(sql, { id: "r-tie", flowId: c.id, status: "running", startedAt: 5000 });
    const list = await flows.list();
    expect(list.map((f) => f.name)).toEqual(["A2", "C", "B"]);
    expect(list[0]).toMatchObject({ id: a.id, version: 2, valid: true, lastRun: null, createdAt: a.createdAt });
    expect(list[2]).toMatchObject({ id: b.id, valid: false });
    // Two runs started in the same millisecond: the later one stored.
    expect(list[1]!.lastRun).toEqual({ id: "r-tie", status: "running", startedAt: 5000 });
  });

  it("deletes a flow with all its versions, once", async () => {
    const { flows } = await open();
    const f = await flows.create(flowDoc());
    await flows.save(f.id, flowDoc());
    expect(await flows.delete(f.id)).toBe(true);
    expect(await flows.get(f.id)).toBeUndefined();
    expect(await flows.get(f.id, 1)).toBeUndefined();
    expect(await flows.versions(f.id)).toBeUndefined();
    expect(await flows.list()).toEqual([]);
    expect(await flows.delete(f.id)).toBe(false);
  });

  it("two servers saving one flow at once get distinct versions; of two edits of one version, one wins", async () => {
    const servers = await twoServers(backend);
    try {
      const [a, b] = [createFlowStore(servers.a), createFlowStore(servers.b)];
      const f = await a.create(flowDoc());
      const saved = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).save(f.id, flowDoc(`edit ${i}`))));
      expect(saved.map((r) => r!.version).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7]);
      expect((await b.versions(f.id))!.map((v) => v.version)).toEqual([7, 6, 5, 4, 3, 2, 1]);

      const edits = await Promise.allSettled([a.save(f.id, flowDoc("mine"), 7), b.save(f.id, flowDoc("theirs"), 7)]);
      expect(edits.filter((e) => e.status === "fulfilled")).toHaveLength(1);
      const [lost] = edits.filter((e): e is PromiseRejectedResult => e.status === "rejected");
      expect(lost!.reason).toBeInstanceOf(VersionConflictError);
      expect((await a.get(f.id))!.version).toBe(8);
    } finally {
      await servers.close();
    }
  });
});
