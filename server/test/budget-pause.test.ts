// A run at its budget stops before its next model call and asks a person: it makes no model
// request while it waits (counted at the fake OpenAI server), shows as a budget task, and goes
// on when a person raises the budget or finishes cancelled when they stop it. The wait survives
// a crash, and of many decisions sent at once to two servers exactly one is taken.
import type { RunEvent } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { chainFlow, client } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

// Servers start (and restart) on a machine that may be busy.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let fake: FakeOpenAI;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await fake.close();
});

async function serve(dataDir?: string) {
  const s = await startServerProcess({ dataDir, env: { OPENAI_API_KEY: "sk-test-budget", OPENAI_BASE_URL: fake.url }, timeoutMs: 60_000 });
  servers.push(s);
  return s;
}

// Less than any gpt-4o call costs: the run is over budget after its first call.
const TINY = 0.000001;
const flow = chainFlow("openai/gpt-4o");
const of = <T extends RunEvent["type"]>(events: RunEvent[], type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
/** The fake's calls for one run (each run has its own input). */
const callsFor = (input: string) => fake.calls.filter((c) => JSON.stringify(c.body.messages).includes(input)).length;

/** Starts a run over budget and waits until it stops at its budget; its budget request. */
async function parked(api: ReturnType<typeof client>, input: string, extra: Record<string, unknown> = { budgetUsd: TINY }, runFlow: unknown = flow) {
  const id = await api.start(runFlow, input, extra);
  const { state, events } = await api.until(id, (s, stored) => s.budgetWait !== null && stored.at(-1)?.seq === s.lastSeq);
  return { id, requestId: state.budgetWait as string, state, events };
}

describe("a run at its budget", () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    server = await serve();
    api = client(server.url);
  });

  test("stops before the next model call, makes none while it waits, shows as a task, and goes on when raised", async () => {
    const input = "Raise me.";
    const { id, requestId, state, events } = await parked(api, input);
    expect(state.status).toBe("waiting");
    expect(of(events, "run.started")[0]!.budgetUsd).toBe(TINY);
    // alpha called its model; beta stopped before calling.
    expect(of(events, "llm.response").map((e) => e.nodeId)).toEqual(["a"]);
    expect(of(events, "budget.reached")).toEqual([expect.objectContaining({ nodeId: "b", requestId, spentUsd: state.costUsd, budgetUsd: TINY })]);
    expect(callsFor(input)).toBe(1);

    const tasks = (await api.get("/api/tasks")).body.tasks;
    expect(tasks.find((t: { runId: string }) => t.runId === id)).toMatchObject({
      kind: "budget",
      requestId,
      nodeId: "b",
      nodeName: "beta",
      budget: { spentUsd: state.costUsd, budgetUsd: TINY },
    });

    const decide = (body: unknown, headers?: Record<string, string>) => api.post(`/api/runs/${id}/budget/${requestId}`, body, headers);
    for (const [body, path] of [
      [{ decision: "raise" }, "budgetUsd"],
      [{ decision: "raise", budgetUsd: state.costUsd / 2 }, "budgetUsd"],
      [{ decision: "stop", budgetUsd: 5 }, "budgetUsd"],
      [{ decision: "later" }, "decision"],
      [{}, "decision"],
    ] as const) {
      const res = await decide(body);
      expect(res.status, res.text).toBe(422);
      expect(res.body.error.path).toBe(path);
    }
    expect((await api.post(`/api/runs/${id}/budget/no-such-request`, { decision: "raise", budgetUsd: 1 })).status).toBe(404);
    // Nothing refused was stored, and no model was called meanwhile.
    expect((await api.run(id)).state.budgetWait).toBe(requestId);
    expect(callsFor(input)).toBe(1);

    const raised = await decide({ decision: "raise", budgetUsd: 1, by: "Dana" });
    expect(raised.status, raised.text).toBe(200);
    expect(raised.body.event).toMatchObject({ type: "budget.decided", requestId, decision: "raise", budgetUsd: 1, by: "Dana" });
    const done = await api.status(id, "completed");
    expect(done.state.budgetUsd).toBe(1);
    expect(of(done.events, "llm.response").map((e) => e.nodeId)).toEqual(["a", "b"]);
    expect(callsFor(input)).toBe(2);
    expect((await decide({ decision: "raise", budgetUsd: 2 })).status).toBe(409);

    const audit = (await api.get("/api/audit?action=budget")).body.entries.filter((e: { runId: string }) => e.runId === id);
    expect(audit).toEqual([expect.objectContaining({ action: "budget", requestId, actor: expect.objectContaining({ name: "Dana" }), detail: "raised the budget to $1.00" })]);
  });

  test("finishes cancelled when a person stops it, saying who and at what cost", async () => {
    const input = "Stop me.";
    const { id, requestId, state } = await parked(api, input);
    const res = await api.post(`/api/runs/${id}/budget/${requestId}`, { decision: "stop", by: "Lee" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.event).toMatchObject({ type: "budget.decided", decision: "stop", by: "Lee" });
    const done = await api.status(id, "cancelled");
    const spent = state.costUsd.toPrecision(2);
    expect(done.state.error).toEqual({ code: "budget", message: `stopped at its budget by Lee: spent $${spent} of $${TINY.toPrecision(2)}` });
    expect(done.run.status).toBe("cancelled");
    expect(callsFor(input)).toBe(1);
  });

  test("started without a budget takes the flow's", async () => {
    const { events } = await parked(api, "The flow's budget.", {}, { ...flow, budgetUsd: TINY });
    expect(of(events, "run.started")[0]!.budgetUsd).toBe(TINY);
  });

  test("started by a deployment takes the deployment's budget, which null clears", async () => {
    const saved = await api.post("/api/flows", { flow });
    expect(saved.status, saved.text).toBe(201);
    const made = await api.post("/api/deployments", { name: "frugal", flowId: saved.body.id, version: 1, budgetUsd: TINY });
    expect(made.status, made.text).toBe(201);
    expect(made.body.budgetUsd).toBe(TINY);
    const key = (await api.post("/api/deployments/frugal/keys", { name: "tests" })).body.key as string;
    const endpoint = client(server.url, { authorization: `Bearer ${key}` });
    const started = await endpoint.post("/api/deployments/frugal/runs?wait=true&timeout=60", { input: "Deployed." });
    expect(started.status, started.text).toBe(202);
    expect(started.body.task).toMatchObject({ kind: "budget", budget: { budgetUsd: TINY } });
    const { events } = await api.run(started.body.runId);
    expect(of(events, "run.started")[0]!.budgetUsd).toBe(TINY);

    const cleared = await api.call("PATCH", "/api/deployments/frugal", { budgetUsd: null });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body.budgetUsd).toBeNull();
    expect((await api.call("PATCH", "/api/deployments/frugal", { budgetUsd: -1 })).body.error.path).toBe("budgetUsd");
    const free = await endpoint.post("/api/deployments/frugal/runs?wait=true&timeout=60", { input: "Deployed, no budget." });
    expect(free.status, free.text).toBe(200);
    expect(free.body.status).toBe("completed");
  });
});

describe("the wait at a budget after a crash", () => {
  test("survives it, asks once, and takes exactly one of many decisions sent at once to two servers", async () => {
    const driver = await serve();
    const input = "Crash while I wait.";
    const { id, requestId } = await parked(client(driver.url), input);
    await driver.kill9();
    const [a, b] = await Promise.all([serve(driver.dataDir), serve(driver.dataDir)]);
    const [apiA, apiB] = [client(a.url), client(b.url)];
    const after = await apiA.run(id);
    expect(after.state.status).toBe("waiting");
    expect(after.state.budgetWait).toBe(requestId);
    expect(of(after.events, "budget.reached")).toHaveLength(1);
    expect(callsFor(input)).toBe(1);

    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? apiA : apiB).post(`/api/runs/${id}/budget/${requestId}`, { decision: "raise", budgetUsd: 1 + i, by: `person-${i}` }, { "idempotency-key": `key-${i}` }),
      ),
    );
    const taken = replies.filter((r) => r.status === 200);
    expect(taken).toHaveLength(1);
    for (const r of replies.filter((r) => r.status !== 200)) {
      expect(r.status, r.text).toBe(409);
      expect(["already_answered", "held_elsewhere"]).toContain(r.body.error.code);
    }
    // A retry of the decision that was taken gets it back; another key is refused.
    const winner = replies.indexOf(taken[0]!);
    const again = await apiA.post(`/api/runs/${id}/budget/${requestId}`, { decision: "raise", budgetUsd: 1 + winner }, { "idempotency-key": `key-${winner}` });
    expect(again.status, again.text).toBe(200);
    expect(again.body.event).toEqual(taken[0]!.body.event);

    const done = await apiA.status(id, "completed");
    expect(of(done.events, "budget.decided")).toHaveLength(1);
    expect(done.state.budgetUsd).toBe(1 + winner);
    expect(callsFor(input)).toBe(2);
  });
});
