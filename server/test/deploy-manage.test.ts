// Managing deployments over HTTP on a real server and SQLite file: publishing a saved version
// (each bad field named), settings, promotion, keys shown once and stored only as hashes,
// revocation, deletion, and the figures computed over the deployment's runs.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { DEFAULT_DEPLOYMENT_LIMITS } from "@tandem/shared";
import { beforeAll, describe, expect, test } from "vitest";
import { startDeploymentRun } from "../src/deploy/start.js";
import { publish, saveFlow, saveVersion } from "./helpers/deploy-app.js";
import { user, withPeopleApp } from "./helpers/people-app.js";
import { chainFlow } from "./helpers/runs-api.js";

const running = withPeopleApp([user("dee", "designer"), user("oli", "operator"), user("lee", "legal")]);
const api = () => running.app.as("dee");

/** The chain flow whose last edge needs a word the model never says: every run fails (no route). */
function failingFlow() {
  const flow = chainFlow();
  flow.edges[2] = { ...flow.edges[2]!, data: { when: { kind: "contains", value: "NEVER SAID" } } } as never;
  return flow;
}

let flowId: string;
beforeAll(async () => {
  flowId = await saveFlow(api());
});

describe("publishing", () => {
  test("a saved version is published under a name, with the server's limits by default and who published it", async () => {
    const res = await api().post("/api/deployments", { name: "chain", flowId, version: 1, description: "two agents" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "chain",
      flowId,
      flowName: "Two agents",
      version: 1,
      description: "two agents",
      callbackUrl: null,
      allowedOrigins: [],
      pageEnabled: false,
      pagePath: null,
      limits: DEFAULT_DEPLOYMENT_LIMITS,
      budgetUsd: null,
      createdBy: "Dee",
      promotedBy: "Dee",
      history: [{ version: 1, by: "Dee" }],
    });
    expect((await api().get("/api/deployments/chain")).body).toEqual(res.body);
    expect((await api().get("/api/deployments")).body.deployments.map((d: { name: string }) => d.name)).toContain("chain");
  });

  test("a name that is taken is a 409, and the deployment that has it is unchanged", async () => {
    await publish(api(), "taken", flowId);
    const before = (await api().get("/api/deployments/taken")).body;
    const res = await api().post("/api/deployments", { name: "taken", flowId, version: 1, description: "another" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "conflict", path: "name" });
    expect((await api().get("/api/deployments/taken")).body).toEqual(before);
  });

  test.each([
    ["name", { name: "Has Spaces" }, /lower-case letters, digits and dashes/],
    ["name", { name: "-dash-first" }, /lower-case/],
    ["flowId", { flowId: "no-such-flow" }, /no saved flow "no-such-flow"/],
    ["version", { version: 9 }, /has no version 9/],
    ["version", { version: 0 }, /./],
    ["callbackUrl", { callbackUrl: "ftp://example.com/x" }, /http:\/\/ or https:\/\//],
    ["allowedOrigins[1]", { allowedOrigins: ["https://ok.example", "https://example.com/path"] }, /expected an origin/],
    ["allowedOrigins[0]", { allowedOrigins: ["example.com"] }, /expected an origin/],
    ["limits.runsPerMinute", { limits: { runsPerMinute: 0 } }, /at least 1/],
    ["limits.bodyBytes", { limits: { bodyBytes: 1e9 } }, /at most 1048576 bytes/],
    ["limits.runsPerMinute", { limits: { runsPerMinute: 2.5 } }, /whole number/],
    ["secret", { secret: "x" }, /unknown field "secret"/],
  ])("%s: bad input is a 422 naming the field, and nothing is stored (%j)", async (path, change, message) => {
    const res = await api().post("/api/deployments", { name: "bad-one", flowId, version: 1, ...change });
    expect(res.status).toBe(422);
    expect(res.body.error.path).toBe(path);
    expect(res.body.error.message).toMatch(message);
    expect((await api().get("/api/deployments/bad-one")).status).toBe(404);
  });

  test("a version with graph errors cannot be published: the 422 names version", async () => {
    const broken = { ...chainFlow(), edges: [] };
    const id = await saveFlow(api(), broken);
    const res = await api().post("/api/deployments", { name: "broken", flowId: id, version: 1 });
    expect(res.status).toBe(422);
    expect(res.body.error.path).toBe("version");
    expect(res.body.error.message).toMatch(/has errors and cannot run/);
  });
});

describe("settings, promotion and deletion", () => {
  test("PATCH changes what it names and keeps the rest; a bad field is refused and nothing changes", async () => {
    await publish(api(), "settings", flowId, 1, { description: "kept", allowedOrigins: ["https://a.example"] });
    const res = await api().call("PATCH", "/api/deployments/settings", { callbackUrl: "https://hooks.example/x", limits: { runsPerMinute: 5 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      description: "kept",
      allowedOrigins: ["https://a.example"],
      callbackUrl: "https://hooks.example/x",
      limits: { runsPerMinute: 5, bodyBytes: DEFAULT_DEPLOYMENT_LIMITS.bodyBytes },
    });
    const bad = await api().call("PATCH", "/api/deployments/settings", { description: "changed", allowedOrigins: ["https://a.example/"] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.path).toBe("allowedOrigins[0]");
    expect((await api().get("/api/deployments/settings")).body).toEqual(res.body);
    const off = await api().call("PATCH", "/api/deployments/settings", { callbackUrl: null });
    expect(off.body.callbackUrl).toBeNull();
    expect((await api().call("PATCH", "/api/deployments/nope", { description: "x" })).status).toBe(404);
  });

  test("promoting pins another saved version and records who did it; an unknown version is a 422 naming it", async () => {
    const id = await saveFlow(api());
    await publish(api(), "promoted", id);
    const v2 = await saveVersion(api(), id, chainFlow());
    const res = await running.app.as("oli").post("/api/deployments/promoted/promote", { version: v2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, createdBy: "Dee", promotedBy: "Oli" });
    expect(res.body.history.map((h: { version: number; by: string }) => [h.version, h.by])).toEqual([
      [2, "Oli"],
      [1, "Dee"],
    ]);
    const missing = await api().post("/api/deployments/promoted/promote", { version: 7 });
    expect(missing.status).toBe(422);
    expect(missing.body.error.path).toBe("version");
    expect((await api().get("/api/deployments/promoted")).body.version).toBe(2);
    expect((await api().post("/api/deployments/nope/promote", { version: 1 })).status).toBe(404);
  });

  test("a reviewer may neither read nor change deployments; an operator may read", async () => {
    expect((await running.app.as("lee").get("/api/deployments")).status).toBe(403);
    expect((await running.app.as("lee").post("/api/deployments", { name: "x", flowId, version: 1 })).status).toBe(403);
    expect((await running.app.as("oli").get("/api/deployments/chain")).status).toBe(200);
  });

  test("deleting a deployment deletes its keys and schedules; the name can be published again with none", async () => {
    await publish(api(), "gone", flowId);
    expect((await api().post("/api/deployments/gone/keys", { name: "ci" })).status).toBe(201);
    expect((await api().post("/api/deployments/gone/schedules", { cron: "0 9 * * *" })).status).toBe(201);
    expect((await api().call("DELETE", "/api/deployments/gone")).status).toBe(204);
    expect((await api().get("/api/deployments/gone")).status).toBe(404);
    expect((await api().call("DELETE", "/api/deployments/gone")).status).toBe(404);
    await api().post("/api/deployments", { name: "gone", flowId, version: 1 });
    expect((await api().get("/api/deployments/gone/keys")).body.keys).toEqual([]);
    expect((await api().get("/api/deployments/gone/schedules")).body.schedules).toEqual([]);
  });
});

describe("keys", () => {
  test("a key is shown once, listed by its prefix only, and stored as its SHA-256 alone", async () => {
    await publish(api(), "keyed", flowId);
    const made = await api().post("/api/deployments/keyed/keys", { name: "ci" });
    expect(made.status).toBe(201);
    const { key, ...info } = made.body;
    expect(key).toMatch(/^tdk_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: "ci", prefix: key.slice(0, 8), lastUsedAt: null, revokedAt: null });
    const listed = (await api().get("/api/deployments/keyed/keys")).body.keys;
    expect(listed).toContainEqual(info);
    expect(JSON.stringify(listed)).not.toContain(key);

    const db = running.app.runtime.sqlite!;
    db.pragma("wal_checkpoint(TRUNCATE)");
    const file = readFileSync(db.name).toString("latin1");
    expect(file).not.toContain(key);
    expect(file).not.toContain(key.slice(4));
    expect(file).toContain(createHash("sha256").update(key).digest("hex"));
  });

  test("a revoked key stays listed with when it was revoked; an unknown key id is a 404", async () => {
    await publish(api(), "revoked", flowId);
    const listed = (await api().get("/api/deployments/revoked/keys")).body.keys;
    expect((await api().call("DELETE", `/api/deployments/revoked/keys/${listed[0].id}`)).status).toBe(204);
    const after = (await api().get("/api/deployments/revoked/keys")).body.keys;
    expect(after).toHaveLength(1);
    expect(after[0].revokedAt).toEqual(expect.any(Number));
    expect((await api().call("DELETE", "/api/deployments/revoked/keys/nope")).status).toBe(404);
    expect((await api().call("DELETE", `/api/deployments/chain/keys/${listed[0].id}`)).status).toBe(404);
  });

  test("an empty key name is a 422 naming it", async () => {
    const res = await api().post("/api/deployments/chain/keys", { name: "  " });
    expect(res.status).toBe(422);
    expect(res.body.error.path).toBe("name");
  });
});

describe("figures", () => {
  test("runs, error rate over finished runs, nearest-rank p50/p95 of durations and runs per version match the runs list", async () => {
    const id = await saveFlow(api());
    await publish(api(), "figures", id);
    const empty = await api().get("/api/deployments/figures/stats");
    expect(empty.body).toEqual({ runs: 0, finished: 0, errorRate: null, p50Ms: null, p95Ms: null, costUsd: 0, avgCostUsd: null, byVersion: [] });

    const { runtime } = running.app;
    const runAll = async (n: number) => {
      const d = (await runtime.deployments.get("figures"))!;
      for (let i = 0; i < n; i++) await (await startDeploymentRun(runtime, d, `input ${i}`, { via: "api" })).done;
    };
    await runAll(3);
    await saveVersion(api(), id, failingFlow());
    await api().post("/api/deployments/figures/promote", { version: 2 });
    await runAll(1);

    const { runs } = (await api().get("/api/runs?deployment=figures")).body as { runs: { status: string; startedAt: number; finishedAt: number }[] };
    expect(runs.map((r) => r.status).sort()).toEqual(["completed", "completed", "completed", "failed"]);
    const durations = runs.map((r) => r.finishedAt - r.startedAt).sort((a, b) => a - b);
    const stats = (await api().get("/api/deployments/figures/stats")).body;
    expect(stats).toEqual({
      runs: 4,
      finished: 4,
      errorRate: 0.25,
      p50Ms: durations[1],
      p95Ms: durations[3],
      // The scripted model costs nothing.
      costUsd: 0,
      avgCostUsd: 0,
      byVersion: [
        { version: 1, runs: 3 },
        { version: 2, runs: 1 },
      ],
    });
    expect((await api().get("/api/deployments/nope/stats")).status).toBe(404);
  });
});
