// The conformance suite of deployments, their keys and their figures: SQLite and Postgres are
// held to the same behaviour, down to the order of lists, the errors, and two servers creating
// or promoting one deployment at once.
import { DEFAULT_DEPLOYMENT_LIMITS } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { createDeploymentKeyStore } from "../src/store/deployment-keys.js";
import { deploymentStatsQuery } from "../src/store/deployment-stats.js";
import { createDeploymentStore, DeploymentExistsError } from "../src/store/deployments.js";
import { createFlowStore } from "../src/store/flows.js";
import { sqlBackends } from "./helpers/backends.js";
import { flowDoc, insertRun, twoServers } from "./helpers/store-rows.js";

describe.each(sqlBackends)("deployments on $name", (backend) => {
  const open = async () => {
    const sql = await backend.open();
    const flow = await createFlowStore(sql).create(flowDoc("Support triage"));
    return { sql, flow, deployments: createDeploymentStore(sql), flows: createFlowStore(sql) };
  };

  it("creates a deployment with the defaults and its first promotion", async () => {
    const { flow, deployments } = await open();
    const d = await deployments.create({ name: "triage", flowId: flow.id, version: 1 }, "ana");
    expect(d).toEqual({
      name: "triage",
      flowId: flow.id,
      flowName: "Support triage",
      version: 1,
      description: "",
      callbackUrl: null,
      allowedOrigins: [],
      pageEnabled: false,
      pagePath: null,
      limits: DEFAULT_DEPLOYMENT_LIMITS,
      budgetUsd: null,
      createdAt: expect.any(Number),
      updatedAt: d.createdAt,
      createdBy: "ana",
      promotedBy: "ana",
      history: [{ version: 1, at: d.createdAt, by: "ana" }],
    });
    expect(await deployments.get("triage")).toEqual(d);
    expect(await deployments.get("nothing")).toBeUndefined();
  });

  it("refuses a name that is taken and leaves the deployment as it was", async () => {
    const { flow, deployments } = await open();
    const first = await deployments.create({ name: "triage", flowId: flow.id, version: 1, description: "the first" }, "ana");
    await expect(deployments.create({ name: "triage", flowId: flow.id, version: 1, description: "a second" }, "bo")).rejects.toBeInstanceOf(DeploymentExistsError);
    expect(await deployments.get("triage")).toEqual(first);
  });

  it("lists by name and finds a deployment by its page's token", async () => {
    const { flow, deployments } = await open();
    for (const name of ["zeta", "alpha", "mid"]) await deployments.create({ name, flowId: flow.id, version: 1, pageEnabled: name === "mid" }, "ana");
    expect((await deployments.list()).map((d) => d.name)).toEqual(["alpha", "mid", "zeta"]);
    const mid = (await deployments.get("mid"))!;
    expect(mid.pagePath).toMatch(/^\/d\/[\w-]{24}$/);
    expect(await deployments.byPageToken(mid.pagePath!.slice(3))).toEqual(mid);
    expect(await deployments.byPageToken("not-a-token")).toBeUndefined();
  });

  it("changes only the settings given, and keeps the page's token when the page goes off", async () => {
    const { flow, deployments } = await open();
    const created = await deployments.create(
      { name: "triage", flowId: flow.id, version: 1, callbackUrl: "https://example.com/hook", pageEnabled: true, limits: { runsPerMinute: 5 }, budgetUsd: 2 },
      "ana",
    );
    const token = created.pagePath!.slice(3);
    const off = (await deployments.update("triage", { pageEnabled: false, limits: { bodyBytes: 1000 }, allowedOrigins: ["https://a.example"] }))!;
    expect(off).toMatchObject({
      pageEnabled: false,
      pagePath: null,
      callbackUrl: "https://example.com/hook",
      limits: { runsPerMinute: 5, bodyBytes: 1000 },
      allowedOrigins: ["https://a.example"],
      budgetUsd: 2,
      version: 1,
    });
    expect((await deployments.byPageToken(token))!.name).toBe("triage");
    const cleared = (await deployments.update("triage", { callbackUrl: null, budgetUsd: null, description: "now described" }))!;
    expect(cleared).toMatchObject({ callbackUrl: null, budgetUsd: null, description: "now described", limits: { runsPerMinute: 5, bodyBytes: 1000 } });
    expect(await deployments.update("nothing", { description: "x" })).toBeUndefined();
  });

  it("promotes another version: newest promotion first, by whom", async () => {
    const { flow, flows, deployments } = await open();
    await flows.save(flow.id, flowDoc("Support triage v2"));
    await deployments.create({ name: "triage", flowId: flow.id, version: 1 }, "ana");
    const promoted = (await deployments.promote("triage", 2, "bo"))!;
    expect(promoted).toMatchObject({ version: 2, createdBy: "ana", promotedBy: "bo" });
    expect(promoted.history.map((h) => [h.version, h.by])).toEqual([[2, "bo"], [1, "ana"]]);
    // Promoted back in the same millisecond: the later promotion still comes first.
    const back = (await deployments.promote("triage", 1, "cy"))!;
    expect(back.history.map((h) => [h.version, h.by])).toEqual([[1, "cy"], [2, "bo"], [1, "ana"]]);
    expect(await deployments.promote("nothing", 1, "bo")).toBeUndefined();
  });

  it("deletes a deployment with its promotions, once; its flow deleted, it says so", async () => {
    const { flow, flows, deployments } = await open();
    await deployments.create({ name: "kept", flowId: flow.id, version: 1 }, "ana");
    await deployments.create({ name: "gone", flowId: flow.id, version: 1 }, "ana");
    await deployments.promote("gone", 1, "bo");
    expect(await deployments.delete("gone")).toBe(true);
    expect(await deployments.get("gone")).toBeUndefined();
    expect(await deployments.delete("gone")).toBe(false);
    // Made again under the same name: no history from before.
    expect((await deployments.create({ name: "gone", flowId: flow.id, version: 1 }, "cy")).history).toEqual([expect.objectContaining({ by: "cy" })]);
    await flows.delete(flow.id);
    expect(await deployments.get("kept")).toMatchObject({ flowId: flow.id, flowName: "(deleted flow)" });
  });

  it("two servers creating one name at once: one deployment, the other told the name is taken", async () => {
    const servers = await twoServers(backend);
    try {
      const flow = await createFlowStore(servers.a).create(flowDoc());
      const [a, b] = [createDeploymentStore(servers.a), createDeploymentStore(servers.b)];
      const tries = await Promise.allSettled([a, b, a, b].map((s, i) => s.create({ name: "triage", flowId: flow.id, version: 1 }, `server ${i}`)));
      const won = tries.filter((t): t is PromiseFulfilledResult<Awaited<ReturnType<typeof a.create>>> => t.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const t of tries) if (t.status === "rejected") expect(t.reason).toBeInstanceOf(DeploymentExistsError);
      expect((await b.get("triage"))!.history).toEqual([expect.objectContaining({ by: won[0]!.value.createdBy })]);
    } finally {
      await servers.close();
    }
  });

  it("two servers promoting at once: the pinned version is always the newest promotion's", async () => {
    const servers = await twoServers(backend);
    try {
      const flows = createFlowStore(servers.a);
      const flow = await flows.create(flowDoc());
      for (let v = 2; v <= 6; v++) await flows.save(flow.id, flowDoc());
      const [a, b] = [createDeploymentStore(servers.a), createDeploymentStore(servers.b)];
      await a.create({ name: "triage", flowId: flow.id, version: 1 }, "ana");
      await Promise.all([2, 3, 4, 5, 6].map((v) => (v % 2 ? a : b).promote("triage", v, `by ${v}`)));
      const d = (await a.get("triage"))!;
      expect(d.history).toHaveLength(6);
      expect(d.version).toBe(d.history[0]!.version);
      expect(d.promotedBy).toBe(`by ${d.version}`);
    } finally {
      await servers.close();
    }
  });
});

describe.each(sqlBackends)("deployment keys on $name", (backend) => {
  const open = async () => createDeploymentKeyStore(await backend.open());

  it("shows a new key once; lists keys oldest first by their first characters, never the key", async () => {
    const keys = await open();
    const first = await keys.create("triage", "ci", 1000);
    const second = await keys.create("triage", "zapier", 1000);
    await keys.create("other", "elsewhere", 500);
    expect(first.key).toMatch(/^tdk_/);
    expect(first).toMatchObject({ name: "ci", prefix: first.key.slice(0, 8), createdAt: 1000, lastUsedAt: null, revokedAt: null });
    const listed = await keys.list("triage");
    expect(listed.map((k) => k.id)).toEqual([first.id, second.id]);
    expect(JSON.stringify(listed)).not.toContain(first.key);
    expect(await keys.list("nothing")).toEqual([]);
  });

  it("admits a live key of its own deployment only, and notes when it was used", async () => {
    const keys = await open();
    const k = await keys.create("triage", "ci", 1000);
    const other = await keys.create("other", "ci", 1000);
    expect(await keys.use("triage", k.key, 2000)).toBe(true);
    expect((await keys.list("triage"))[0]!.lastUsedAt).toBe(2000);
    expect(await keys.use("triage", other.key, 3000)).toBe(false);
    expect(await keys.use("triage", `${k.key.slice(0, -1)}x`, 3000)).toBe(false);
    expect(await keys.use("triage", "", 3000)).toBe(false);
    expect(await keys.use("nothing", k.key, 3000)).toBe(false);
    expect((await keys.list("triage"))[0]!.lastUsedAt).toBe(2000);
  });

  it("revokes a key: it stops working, stays listed, and keeps the time it was first revoked", async () => {
    const keys = await open();
    const k = await keys.create("triage", "ci", 1000);
    expect(await keys.revoke("other", k.id, 2000)).toBe(false);
    expect(await keys.revoke("triage", "no-such-key", 2000)).toBe(false);
    expect(await keys.revoke("triage", k.id, 2000)).toBe(true);
    expect(await keys.revoke("triage", k.id, 3000)).toBe(true);
    expect((await keys.list("triage"))[0]!.revokedAt).toBe(2000);
    expect(await keys.use("triage", k.key, 4000)).toBe(false);
  });

  it("deletes every key of a deployment, no other", async () => {
    const keys = await open();
    const k = await keys.create("triage", "ci", 1000);
    await keys.create("triage", "two", 1000);
    const other = await keys.create("other", "ci", 1000);
    await keys.deleteAll("triage");
    expect(await keys.list("triage")).toEqual([]);
    expect(await keys.use("triage", k.key, 2000)).toBe(false);
    expect(await keys.use("other", other.key, 2000)).toBe(true);
  });
});

describe.each(sqlBackends)("deployment figures on $name", (backend) => {
  it("with no runs: zeros, and nothing to divide", async () => {
    const stats = deploymentStatsQuery(await backend.open());
    expect(await stats("triage")).toEqual({ runs: 0, finished: 0, errorRate: null, p50Ms: null, p95Ms: null, costUsd: 0, avgCostUsd: null, byVersion: [] });
  });

  it("counts, error rate, nearest-rank durations and cost of its finished runs, runs per version", async () => {
    const sql = await backend.open();
    const stats = deploymentStatsQuery(sql);
    // Ten finished runs lasting 100 … 1000 ms (two failed), one still running, and another deployment's run.
    for (let i = 1; i <= 10; i++) {
      await insertRun(sql, { id: `f${i}`, deployment: "triage", flowVersion: i <= 4 ? 1 : 2, status: i % 5 === 0 ? "failed" : "completed", startedAt: 10_000 * i, finishedAt: 10_000 * i + 100 * i, costUsd: 0.01 * i });
    }
    await insertRun(sql, { id: "live", deployment: "triage", flowVersion: 3, startedAt: 200_000, costUsd: 0.5 });
    await insertRun(sql, { id: "theirs", deployment: "other", flowVersion: 1, status: "failed", startedAt: 1, finishedAt: 99_999, costUsd: 9 });
    const s = await stats("triage");
    expect(s).toMatchObject({ runs: 11, finished: 10, errorRate: 0.2, p50Ms: 500, p95Ms: 1000 });
    expect(s.costUsd).toBeCloseTo(1.05);
    expect(s.avgCostUsd).toBeCloseTo(0.055);
    expect(s.byVersion).toEqual([{ version: 1, runs: 4 }, { version: 2, runs: 6 }, { version: 3, runs: 1 }]);
  });
});
