// Ids are data: node ids, request ids and keys named like Object.prototype's properties
// (`__proto__`, `constructor`, `toString`, `hasOwnProperty`) run, answer and fork like any
// other word, against a real server process. And a stored run that cannot be read never
// breaks health or the runs list, also after a restart: it is listed as damaged, and can be
// exported and deleted.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { progressOf } from "../src/store/progress.js";
import { withStore } from "./helpers/stored.js";
import { fold, type RunEvent } from "@tandem/shared";
import { client, reviewFlow, withNodeIds } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const HOSTILE = ["__proto__", "constructor", "toString", "hasOwnProperty"];
const ROLES = ["user", "writer", "reviewer", "end"] as const;

/** reviewFlow (the writer's reply fixed) with node ids renamed: `{ writer: "__proto__" }`. */
const renamed = (rename: Record<string, string>) => withNodeIds(reviewFlow({ script: ["A draft."] }), rename);

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});
async function start(dataDir?: string) {
  const s = await startServerProcess({ dataDir });
  servers.push(s);
  return s;
}

describe("a flow whose node ids are names of Object.prototype", () => {
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    api = client((await start()).url);
  });

  const cases = HOSTILE.flatMap((name) => ROLES.map((role) => [name, role] as const));
  test.each(cases)("%s as the %s node's id: the run waits, takes its answer and completes, and health and the list stay up", async (name, role) => {
    const id = await api.start(renamed({ [role]: name }), `with ${name}`);
    const waiting = await api.until(id, (s) => s.status === "waiting" || s.finishStatus !== undefined);
    expect(waiting.state.status).toBe("waiting");
    const answer = await api.answer(id, waiting.state.pending.requestId, { outcome: "approve" });
    expect(answer.status).toBe(200);
    const done = await api.status(id, "completed", "failed");
    expect(done.state.error).toBeUndefined();
    expect(done.state.output).toBe("A draft.");
    // The node's own record, not something inherited: visited once, done.
    const node = Object.entries(done.state.nodes).find(([k]) => k === name)?.[1];
    expect(node).toMatchObject({ status: "done", visits: 1 });
    expect(Object.keys(done.state.nodes).sort()).toEqual(ROLES.map((r) => (r === role ? name : r)).sort());

    expect((await api.get("/api/health")).status).toBe(200);
    const list = await api.get("/api/runs");
    expect(list.status).toBe(200);
    expect(list.body.runs.find((r: { id: string }) => r.id === id)).toMatchObject({ status: "completed", damaged: null });
  });

  test("a fork's node settings keyed __proto__ change that node, and a key that is no agent of the flow is a 422 naming it", async () => {
    const parent = await api.start(renamed({ writer: "__proto__" }));
    const { events } = await api.status(parent, "waiting");
    const asked = events.find((e) => e.type === "human.requested")!.seq;

    const changed = await api.call("POST", `/api/runs/${parent}/fork`, undefined, {
      raw: `{"at": ${asked}, "nodes": {"__proto__": {"systemMessage": "Be brief."}}}`,
    });
    expect(changed.status).toBe(201);
    const child = await api.run(changed.body.runId);
    const writer = child.state.flow.nodes.find((n: { id: string }) => n.id === "__proto__");
    expect(writer.data.systemMessage).toBe("Be brief.");

    const before = (await api.get("/api/runs?limit=1")).body.total;
    for (const key of HOSTILE.slice(1)) {
      const res = await api.call("POST", `/api/runs/${parent}/fork`, undefined, { raw: `{"at": ${asked}, "nodes": {"${key}": {"model": "scripted/demo"}}}` });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: "invalid_fork", path: `nodes.${key}` });
    }
    const plain = await api.start(renamed({}));
    await api.status(plain, "waiting");
    const res = await api.call("POST", `/api/runs/${plain}/fork`, undefined, { raw: `{"at": 2, "nodes": {"__proto__": {"model": "scripted/demo"}}}` });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "invalid_fork", path: "nodes.__proto__" });
    // A bad value under such a key is named too.
    const bad = await api.call("POST", `/api/runs/${parent}/fork`, undefined, { raw: `{"at": ${asked}, "nodes": {"__proto__": {"temperature": 9}}}` });
    expect(bad.status).toBe(422);
    expect(bad.body.error.path).toBe("nodes.__proto__.temperature");
    expect((await api.get("/api/runs?limit=1")).body.total).toBe(before + 1);
  });

  test("an answer to a request id the run never asked is a 404, whatever its spelling; the run still takes the real one", async () => {
    const id = await api.start(renamed({}));
    const { state } = await api.status(id, "waiting");
    for (const requestId of [...Object.getOwnPropertyNames(Object.prototype), "no-such-request"]) {
      const res = await api.answer(id, requestId, { outcome: "approve" });
      expect(res.status, requestId).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await api.answer(id, state.pending.requestId, { outcome: "approve" })).status).toBe(200);
    await api.status(id, "completed");
  });
});

describe("a stored run that cannot be read, across a restart", () => {
  let first: ServerProcess;
  let api: ReturnType<typeof client>;
  let protoRun: string;
  const damagedId = "damaged-run";

  beforeAll(async () => {
    first = await start();
    const api1 = client(first.url);
    protoRun = await api1.start(renamed({ writer: "__proto__", reviewer: "constructor" }), "before the restart");
    await api1.status(protoRun, "waiting");
    await first.kill9();

    // A run whose log holds an event this Tandem does not know (as a newer one might write).
    const flow = renamed({});
    const events = [
      { type: "run.started", runId: damagedId, flow: { ...flow, maxSteps: 100 }, input: "from the future", options: {}, seq: 1, at: Date.now() },
      { type: "node.teleported", nodeId: "writer", seq: 2, at: Date.now() },
    ] as unknown as RunEvent[];
    await withStore(first.dataDir, (store) => store.append(damagedId, events, { ...progressOf(fold(events.slice(0, 1))), status: "waiting", lastSeq: 2 }));

    api = client((await start(first.dataDir)).url);
  });

  test("the server starts; health and the list answer 200; the run is listed as damaged with the reason", async () => {
    expect((await api.get("/api/health")).status).toBe(200);
    const list = await api.get("/api/runs");
    expect(list.status).toBe(200);
    const row = list.body.runs.find((r: { id: string }) => r.id === damagedId);
    expect(row.damaged).toMatch(/unknown event node\.teleported/);
    expect(list.body.runs.find((r: { id: string }) => r.id === protoRun)).toMatchObject({ status: "waiting", damaged: null });
  });

  test("the run stored with __proto__ and constructor ids goes on: it takes its answer and completes", async () => {
    const { state } = await api.status(protoRun, "waiting");
    expect((await api.answer(protoRun, state.pending.requestId, { outcome: "approve" })).status).toBe(200);
    const done = await api.status(protoRun, "completed");
    expect(done.state.output).toBe("A draft.");
    expect((await api.get("/api/health")).status).toBe(200);
  });

  test("reading the damaged run is a 409 naming why; it can be exported, then deleted", async () => {
    const read = await api.get(`/api/runs/${damagedId}`);
    expect(read.status).toBe(409);
    expect(read.body.error.code).toBe("damaged");
    expect(read.body.error.message).toMatch(/unknown event node\.teleported.*exported or deleted/);
    for (const path of ["events", "fork"]) {
      const res = path === "fork" ? await api.post(`/api/runs/${damagedId}/fork`, { at: 1 }) : await api.get(`/api/runs/${damagedId}/${path}`);
      expect(res.status, path).toBe(409);
    }
    expect((await api.answer(damagedId, "any", { outcome: "approve" })).status).toBe(409);

    const exported = await api.get(`/api/runs/${damagedId}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.events.map((e: RunEvent) => e.type)).toEqual(["run.started", "node.teleported"]);

    // An unfinished run that is sound is not deleted; an unknown one is a 404.
    const unfinished = await api.start(renamed({}));
    await api.status(unfinished, "waiting");
    expect((await api.call("DELETE", `/api/runs/${unfinished}`)).body.error.code).toBe("not_finished");
    expect((await api.call("DELETE", "/api/runs/no-such-run")).status).toBe(404);

    const deleted = await api.call("DELETE", `/api/runs/${damagedId}`);
    expect(deleted.status).toBe(204);
    expect((await api.get(`/api/runs/${damagedId}`)).status).toBe(404);
    expect((await api.get("/api/runs")).body.runs.map((r: { id: string }) => r.id)).not.toContain(damagedId);
    // A finished run can be deleted too.
    expect((await api.call("DELETE", `/api/runs/${protoRun}`)).status).toBe(204);
  });
});
