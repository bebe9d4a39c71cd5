// /api/runs against a real server process: starting runs (saved and inline flows), listing,
// reading, export and import, fork, control (step mode, breakpoints, pause, cancel), bad
// input on every route, and the OpenAPI document.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { chainFlow, client, comparable, reviewFlow } from "./helpers/runs-api.js";
import { sampleFlow } from "./helpers/sample-flows.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

let server: ServerProcess;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  server = await startServerProcess();
  api = client(server.url);
});
afterAll(() => server?.stop());

const saveFlow = async (flow: unknown) => {
  const res = await api.post("/api/flows", { flow });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
};
const types = (events: RunEvent[]) => events.map((e) => e.type);
const waiting = (id: string) => api.status(id, "waiting");
const total = async () => (await api.get("/api/runs?limit=1")).body.total as number;

describe("starting runs", () => {
  test("from a saved flow: 201 with a run id, and the run records the flow version it ran", async () => {
    const { id: flowId } = await saveFlow({ ...chainFlow(), name: "Versioned v1" });
    const first = await api.post(`/api/flows/${flowId}/runs`, { input: "first" });
    expect(first.status).toBe(201);
    expect(Object.keys(first.body)).toEqual(["runId"]);
    const done1 = await api.status(first.body.runId, "completed");
    expect(done1.run).toMatchObject({ flowId, flowVersion: 1, flowName: "Versioned v1", input: "first", status: "completed" });
    expect(done1.events[0]).toMatchObject({ type: "run.started", flowId, flowVersion: 1, input: "first" });
    expect(done1.state.output).toBe("beta says bye");

    const saved = await api.call("PUT", `/api/flows/${flowId}`, { flow: { ...chainFlow(), name: "Versioned v2" } });
    expect(saved.body.version).toBe(2);
    const second = await api.post(`/api/flows/${flowId}/runs`, { input: "second" });
    const done2 = await api.status(second.body.runId, "completed");
    expect(done2.run).toMatchObject({ flowId, flowVersion: 2, flowName: "Versioned v2" });
    expect(done2.state.flow.name).toBe("Versioned v2");
    // The first run keeps the snapshot of the version it ran.
    expect((await api.run(first.body.runId)).state.flow.name).toBe("Versioned v1");
    // And the flow list shows the latest run.
    const summary = (await api.get("/api/flows")).body.flows.find((f: { id: string }) => f.id === flowId);
    expect(summary.lastRun.id).toBe(second.body.runId);
  });

  test("from an inline flow: 201, the run goes to the end", async () => {
    const res = await api.post("/api/runs", { flow: chainFlow(), input: "inline" });
    expect(res.status).toBe(201);
    const done = await api.status(res.body.runId, "completed");
    expect(done.run).toMatchObject({ flowId: null, flowVersion: null, flowName: "Two agents" });
    expect(done.state.messages.map((m: { name: string; content: string }) => `${m.name}: ${m.content}`)).toEqual([
      "user: inline",
      "alpha: alpha says hi",
      "beta: beta says bye",
    ]);
  });

  test("an inline flow that cannot run is refused with 422 listing every problem, and nothing starts", async () => {
    const before = await total();
    const flow = sampleFlow("Broken", "");
    const broken = { ...flow, nodes: flow.nodes.filter((n) => n.id !== "end"), edges: [flow.edges[0]] };
    const res = await api.post("/api/runs", { flow: broken, input: "x" });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid_flow");
    const problems = res.body.error.problems as { path: string; message: string; nodeId?: string }[];
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems).toContainEqual(expect.objectContaining({ path: "flow.nodes[1].data.model", nodeId: "writer", message: 'agent "writer" has no model' }));
    expect(problems.some((p) => /end/.test(p.message))).toBe(true);
    for (const p of problems) expect(p.path.startsWith("flow")).toBe(true);
    expect(res.body.error.path).toBe(problems[0]!.path);
    expect(res.body.error.message).toContain(`and ${problems.length - 1} more`);

    // A document that is not a flow at all: every shape problem, under flow.
    const shape = await api.post("/api/runs", { flow: { ...flow, maxSteps: "many", nodes: [{ id: "x", type: "robot" }] }, input: "x" });
    expect(shape.status).toBe(422);
    expect(shape.body.error.code).toBe("invalid_request");
    expect(shape.body.error.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(["flow.maxSteps", "flow.nodes[0].type"]));
    expect(await total()).toBe(before);
  });

  test("a saved draft that cannot run is refused with 422; an unknown flow is 404", async () => {
    const { id } = await saveFlow(sampleFlow("Draft", ""));
    const res = await api.post(`/api/flows/${id}/runs`, { input: "x" });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "invalid_flow", path: "nodes[1].data.model" });
    expect(res.body.error.problems).toEqual([expect.objectContaining({ nodeId: "writer", severity: "error" })]);
    const missing = await api.post("/api/flows/no-such-flow/runs", { input: "x" });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: "not_found", message: 'unknown flow "no-such-flow"' });
  });
});

describe("listing and reading", () => {
  test("filters by flow, status and text, pages with limit/offset, and counts the total", async () => {
    const tag = `tag${randomUUID().slice(0, 8)}`;
    const { id: flowId } = await saveFlow(reviewFlow({ script: [`a draft about ${tag}-draft`] }));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.post(`/api/flows/${flowId}/runs`, { input: `${tag} number ${i}` });
      ids.push(res.body.runId);
      await waiting(res.body.runId);
    }
    // Two of them are approved and so complete.
    for (const id of ids.slice(0, 2)) {
      const { state } = await api.run(id);
      expect((await api.answer(id, state.pending.requestId, { outcome: "approve" })).status).toBe(200);
      await api.status(id, "completed");
    }
    const other = await api.start(chainFlow(), `${tag} elsewhere`);
    await api.status(other, "completed");

    const byFlow = await api.get(`/api/runs?flow=${flowId}`);
    expect(byFlow.status).toBe(200);
    expect(byFlow.body.total).toBe(5);
    expect(byFlow.body.runs.map((r: { id: string }) => r.id).sort()).toEqual([...ids].sort());
    expect(byFlow.body.runs[0]).toMatchObject({ flowId, flowVersion: 1, imported: false });

    const completed = await api.get(`/api/runs?flow=${flowId}&status=completed`);
    expect(completed.body.runs.map((r: { id: string }) => r.id).sort()).toEqual(ids.slice(0, 2).sort());
    const waitingRuns = await api.get(`/api/runs?flow=${flowId}&status=waiting`);
    expect(waitingRuns.body.total).toBe(3);
    expect(waitingRuns.body.runs.every((r: { waitingNode: string }) => r.waitingNode === "reviewer")).toBe(true);

    // Text matches the input and what was said, across flows, case-insensitively.
    expect((await api.get(`/api/runs?text=${tag.toUpperCase()}`)).body.total).toBe(6);
    expect((await api.get(`/api/runs?text=${tag}-draft`)).body.total).toBe(5);
    expect((await api.get(`/api/runs?text=${tag}%20number%203`)).body.runs.map((r: { id: string }) => r.id)).toEqual([ids[3]]);
    expect((await api.get(`/api/runs?text=${tag}&status=completed`)).body.total).toBe(3);

    // Paging: newest first, pages do not overlap, the total counts every page.
    const all = (await api.get(`/api/runs?flow=${flowId}&limit=500`)).body.runs.map((r: { id: string }) => r.id);
    const page1 = await api.get(`/api/runs?flow=${flowId}&limit=2&offset=0`);
    const page2 = await api.get(`/api/runs?flow=${flowId}&limit=2&offset=2`);
    const page3 = await api.get(`/api/runs?flow=${flowId}&limit=2&offset=4`);
    expect([page1, page2, page3].map((p) => p.body.total)).toEqual([5, 5, 5]);
    expect([page1, page2, page3].map((p) => p.body.runs.length)).toEqual([2, 2, 1]);
    expect([...page1.body.runs, ...page2.body.runs, ...page3.body.runs].map((r: { id: string }) => r.id)).toEqual(all);
    const started = all.map((id: string) => byFlow.body.runs.find((r: { id: string }) => r.id === id).startedAt);
    expect([...started].sort((a, b) => b - a)).toEqual(started);
  });

  test("GET /api/runs/:id: the summary, the folded state and every event in order", async () => {
    const id = await api.start(reviewFlow({ script: ["the draft"] }), "read me");
    const { run, state, events } = await waiting(id);
    expect(run).toMatchObject({ id, status: "waiting", waitingNode: "reviewer", input: "read me", lastSeq: events.length });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(types(events).filter((t) => t !== "message.delta")).toEqual([
      "run.started", "node.started", "message", "route.taken", "node.started", "llm.request", "llm.response", "message", "route.taken", "node.started", "human.requested",
    ]);
    expect(types(events)).toContain("message.delta");
    expect(state).toMatchObject({ runId: id, status: "waiting", lastSeq: events.length });
    expect(state.pending).toMatchObject({ nodeId: "reviewer", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }], allowText: true, allowEdit: true });
    expect(state.pending.requestId).toBe((events.at(-1) as { requestId: string }).requestId);
  });
});

describe("export and import", () => {
  test("an export imported again is a new, read-only run with the same events apart from its id", async () => {
    const id = await api.start(reviewFlow({ script: ["exported draft"] }), "export me");
    const { state } = await waiting(id);
    await api.answer(id, state.pending.requestId, { outcome: "approve", by: "ann" });
    await api.status(id, "completed");

    const exported = await api.get(`/api/runs/${id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toBe(`attachment; filename="run-${id}.json"`);
    expect(exported.body).toMatchObject({ format: "tandem.run", version: 1, run: { id, status: "completed", input: "export me" } });
    const original = (await api.run(id)).events;
    expect(exported.body.events).toEqual(original);

    const imported = await api.post("/api/runs/import", exported.body);
    expect(imported.status).toBe(201);
    const copyId = imported.body.runId;
    expect(copyId).not.toBe(id);
    const copy = await api.run(copyId);
    expect(copy.run).toMatchObject({ id: copyId, imported: true, status: "completed", input: "export me" });
    expect(copy.events[0]).toMatchObject({ type: "run.started", runId: copyId });
    expect(comparable(copy.events)).toEqual(comparable(original));
    expect(copy.state.output).toBe("exported draft");
  });

  test("an imported run that was waiting stays read-only: no answers, no control, never continued", async () => {
    const id = await api.start(reviewFlow(), "still waiting");
    const { state } = await waiting(id);
    const doc = (await api.get(`/api/runs/${id}/export`)).body;
    const copyId = (await api.post("/api/runs/import", doc)).body.runId;
    const copy = await api.run(copyId);
    expect(copy.state.status).toBe("waiting");
    const answer = await api.answer(copyId, state.pending.requestId, { outcome: "approve" });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe("read_only");
    expect((await api.control(copyId, "cancel")).status).toBe(409);
    // Its event stream is the stored log, then it ends (nothing live will come).
    const sse = await fetch(`${server.url}/api/runs/${copyId}/events`);
    const text = await sse.text();
    expect(text.match(/^id: \d+$/gm)).toHaveLength(copy.events.length);
    expect((await api.run(copyId)).events).toEqual(copy.events);
    // Forking it is how to go on from there.
    expect(answer.body.error.message).toContain("fork it to go on");
    const asked = copy.events.find((e) => e.type === "human.requested")!;
    const fork = await api.post(`/api/runs/${copyId}/fork`, { at: asked.seq, answer: { outcome: "approve" } });
    expect(fork.status).toBe(201);
    expect((await api.status(fork.body.runId, "completed")).run).toMatchObject({ parentRunId: copyId, imported: false });
    // The original still takes its answer.
    expect((await api.answer(id, state.pending.requestId, { outcome: "approve" })).status).toBe(200);
  });

  test("a document that is not an export is refused with 422 naming what is wrong", async () => {
    const before = await total();
    const cases: [unknown, string][] = [
      [{ hello: 1 }, "format"],
      [{ format: "tandem.run", version: 9, events: [] }, "version"],
      [{ format: "tandem.run", version: 1, events: [] }, "events"],
      [{ format: "tandem.run", version: 1, events: [{ type: "run.started", seq: 2, at: 1 }] }, "events[0].seq"],
      [{ format: "tandem.run", version: 1, events: [{ type: "nonsense", seq: 1, at: 1 }] }, "events[0].type"],
    ];
    for (const [doc, path] of cases) {
      const res = await api.post("/api/runs/import", doc);
      expect(res.status, JSON.stringify(doc)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "invalid_export", path });
    }
    expect(await total()).toBe(before);
  });
});

describe("fork", () => {
  test("at a waiting question with another answer: the fork goes on, the parent is untouched", async () => {
    const parent = await api.start(reviewFlow({ script: ["draft one", "draft two"] }), "fork me");
    const { events } = await waiting(parent);
    const asked = events.find((e) => e.type === "human.requested")!;

    const res = await api.post(`/api/runs/${parent}/fork`, { at: asked.seq, answer: { outcome: "approve" } });
    expect(res.status).toBe(201);
    const child = await api.status(res.body.runId, "completed");
    expect(child.run).toMatchObject({ parentRunId: parent, parentSeq: asked.seq });
    expect(child.events[0]).toMatchObject({ type: "run.started", runId: res.body.runId, parent: { runId: parent, seq: asked.seq } });
    expect(child.events.slice(1, asked.seq)).toEqual(events.slice(1, asked.seq));
    expect(child.events[asked.seq]).toMatchObject({ type: "human.responded", outcome: "approve", by: "fork" });
    expect(child.state.output).toBe("draft one");
    expect((await api.run(parent)).state.status).toBe("waiting");
  });

  test("with a rewritten message and new node settings", async () => {
    const parent = await api.start(reviewFlow({ script: ["original draft"] }), "fork with edits");
    const { events } = await waiting(parent);
    const draft = events.find((e) => e.type === "message" && e.nodeId === "writer")!;
    const asked = events.find((e) => e.type === "human.requested")!;
    const edited = await api.post(`/api/runs/${parent}/fork`, { at: asked.seq, edits: [{ seq: draft.seq, content: "rewritten draft" }], answer: { outcome: "approve" } });
    expect(edited.status).toBe(201);
    expect((await api.status(edited.body.runId, "completed")).state.output).toBe("rewritten draft");

    // Before the writer ran: its system message changes what the model is asked.
    const intoWriter = events.find((e) => e.type === "route.taken" && e.to === "writer")!;
    const renode = await api.post(`/api/runs/${parent}/fork`, { at: intoWriter.seq, nodes: { writer: { systemMessage: "Be brief." } } });
    expect(renode.status).toBe(201);
    const child = await waiting(renode.body.runId);
    expect(child.events.find((e) => e.type === "llm.request")).toMatchObject({ system: "Be brief." });
    expect(child.state.flow.nodes.find((n: { id: string }) => n.id === "writer").data.systemMessage).toBe("Be brief.");
  });

  test("refused forks name the field and leave no run behind", async () => {
    const parent = await api.start(reviewFlow(), "bad forks");
    const { events } = await waiting(parent);
    const asked = events.find((e) => e.type === "human.requested")!;
    const before = await total();
    const cases: [unknown, number, string, string][] = [
      [{ at: 999 }, 422, "invalid_fork", "at"],
      [{ at: 0 }, 422, "invalid_request", "at"],
      [{ at: "3" }, 422, "invalid_request", "at"],
      [{ at: asked.seq, answer: { outcome: "maybe" } }, 422, "invalid_answer", "answer.outcome"],
      [{ at: 2, answer: { outcome: "approve" } }, 422, "invalid_fork", "answer"],
      [{ at: asked.seq, edits: [{ seq: 1, content: "x" }] }, 422, "invalid_fork", "edits"],
      [{ at: asked.seq, nodes: { reviewer: { model: "scripted/demo" } } }, 422, "invalid_fork", "nodes.reviewer"],
      [{ at: asked.seq, nodes: { writer: { model: "" } } }, 422, "invalid_flow", "nodes[1].data.model"],
      [{ at: asked.seq, colour: "red" }, 422, "invalid_request", "colour"],
    ];
    for (const [body, status, code, path] of cases) {
      const res = await api.post(`/api/runs/${parent}/fork`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error, JSON.stringify(body)).toMatchObject({ code, path });
    }
    expect((await api.post("/api/runs/nope/fork", { at: 1 })).status).toBe(404);
    expect(await total()).toBe(before);
  });
});

describe("control", () => {
  test("step mode pauses before every agent node; step runs one node, continue runs to the end", async () => {
    const id = await api.start(chainFlow(), "stepping", { stepMode: true });
    let r = await api.status(id, "paused");
    expect(r.events.at(-1)).toMatchObject({ type: "run.paused", nodeId: "a", reason: "step" });
    expect(r.run.status).toBe("paused");

    const step = await api.control(id, "step");
    expect(step.status).toBe(200);
    r = await api.until(id, (s, ev) => s.status === "paused" && ev.at(-1)?.type === "run.paused" && (ev.at(-1) as { nodeId: string }).nodeId === "b");
    expect(r.state.messages.map((m: { name: string }) => m.name)).toEqual(["user", "alpha"]);

    expect((await api.control(id, "continue")).body).toEqual({ ok: true, status: "running" });
    r = await api.status(id, "completed");
    const control = r.events.filter((e) => e.type === "run.paused" || e.type === "run.resumed");
    expect(control).toMatchObject([
      { type: "run.paused", nodeId: "a", reason: "step" },
      { type: "run.resumed", mode: "step" },
      { type: "run.paused", nodeId: "b", reason: "step" },
      { type: "run.resumed", mode: "continue" },
    ]);
    const finished = await api.control(id, "continue");
    expect(finished.status).toBe(409);
    expect(finished.body.error.code).toBe("not_running");
  });

  test("a breakpoint pauses before its node only", async () => {
    const id = await api.start(chainFlow(), "breaking", { breakpoints: ["b"] });
    const r = await api.status(id, "paused");
    expect(r.events.filter((e) => e.type === "run.paused")).toMatchObject([{ nodeId: "b", reason: "breakpoint" }]);
    expect(r.state.messages.map((m: { name: string }) => m.name)).toEqual(["user", "alpha"]);
    await api.control(id, "continue");
    expect((await api.status(id, "completed")).state.output).toBe("beta says bye");

    const bad = await api.post("/api/runs", { flow: chainFlow(), input: "x", breakpoints: ["a", "nowhere"] });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: "invalid_request", path: "breakpoints[1]" });
  });

  test("pause takes effect before the next node; cancel finishes the run as cancelled", async () => {
    const id = await api.start(reviewFlow({ script: ["one", "two"] }), "pause me");
    const { state } = await waiting(id);
    expect((await api.control(id, "pause")).status).toBe(200);
    await api.answer(id, state.pending.requestId, { outcome: "revise" });
    let r = await api.status(id, "paused");
    expect(r.events.at(-1)).toMatchObject({ type: "run.paused", nodeId: "writer", reason: "request" });
    await api.control(id, "continue");
    r = await waiting(id);
    expect(r.state.messages.filter((m: { name: string }) => m.name === "writer").map((m: { content: string }) => m.content)).toEqual(["one", "two"]);

    const cancel = await api.control(id, "cancel");
    expect(cancel.status).toBe(200);
    expect(cancel.body).toEqual({ ok: true, status: "cancelled" });
    r = await api.run(id);
    expect(r.events.at(-1)).toMatchObject({ type: "run.finished", status: "cancelled" });
    expect(r.run.status).toBe("cancelled");
  });
});

describe("bad input", () => {
  test("malformed JSON is a 400 on every route with a body", async () => {
    const id = await api.start(reviewFlow(), "x");
    const { id: flowId } = await saveFlow(chainFlow());
    for (const path of ["/api/runs", `/api/flows/${flowId}/runs`, "/api/runs/import", `/api/runs/${id}/control`, `/api/runs/${id}/fork`, `/api/runs/${id}/human/any`]) {
      const res = await api.call("POST", path, undefined, { raw: '{"input": ' });
      expect(res.status, path).toBe(400);
      expect(res.body).toEqual({ error: { code: "bad_json", message: "the request body is not valid JSON" } });
    }
  });

  test("wrong types and unknown fields are 422 naming the field", async () => {
    const id = await api.start(reviewFlow(), "x");
    const { state } = await waiting(id);
    const { id: flowId } = await saveFlow(chainFlow());
    const cases: [string, unknown, string][] = [
      ["/api/runs", { flow: chainFlow() }, "input"],
      ["/api/runs", { flow: chainFlow(), input: 5 }, "input"],
      ["/api/runs", { input: "x" }, "flow"],
      ["/api/runs", { flow: chainFlow(), input: "x", stepMode: "yes" }, "stepMode"],
      ["/api/runs", { flow: chainFlow(), input: "x", breakpoints: "a" }, "breakpoints"],
      ["/api/runs", { flow: chainFlow(), input: "x", stepmode: true }, "stepmode"],
      [`/api/flows/${flowId}/runs`, { input: ["x"] }, "input"],
      [`/api/runs/${id}/control`, { action: "jump" }, "action"],
      [`/api/runs/${id}/control`, {}, "action"],
      [`/api/runs/${id}/human/${state.pending.requestId}`, { outcome: 5 }, "outcome"],
      [`/api/runs/${id}/human/${state.pending.requestId}`, { choise: "approve" }, "choise"],
      [`/api/runs/${id}/fork`, { at: 1.5 }, "at"],
      [`/api/runs/${id}/fork`, { at: 1, edits: [{ seq: "1", content: "x" }] }, "edits[0].seq"],
    ];
    for (const [path, body, field] of cases) {
      const res = await api.post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(422);
      expect(res.body.error.code).toBe("invalid_request");
      expect(res.body.error.path, `${path} ${JSON.stringify(body)}`).toBe(field);
      expect(res.body.error.message.startsWith(`${field}: `)).toBe(true);
    }
    for (const [query, field] of [["limit=abc", "limit"], ["limit=0", "limit"], ["offset=-1", "offset"], ["status=bogus", "status"]]) {
      const res = await api.get(`/api/runs?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.error.path).toBe(field);
    }
    const after = await api.get(`/api/runs/${id}/events?after=-1`);
    expect(after.status).toBe(422);
    expect(after.body.error.path).toBe("after");
    const lastId = await api.call("GET", `/api/runs/${id}/events`, undefined, { headers: { "last-event-id": "seven" } });
    expect(lastId.status).toBe(422);
    expect(lastId.body.error.path).toBe("Last-Event-ID");
    // Still waiting: none of that reached the run.
    expect((await api.run(id)).state.status).toBe("waiting");
  });

  test("text longer than the limit is a 413 that says so", async () => {
    const before = await total();
    const long = "x".repeat(100_001);
    const res = await api.post("/api/runs", { flow: chainFlow(), input: long });
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ code: "too_long", path: "input", message: "input is 100001 characters long; the limit is 100000 characters" });
    const { id: flowId } = await saveFlow(chainFlow());
    expect((await api.post(`/api/flows/${flowId}/runs`, { input: long })).status).toBe(413);
    expect(await total()).toBe(before);
    // Exactly at the limit is fine.
    expect((await api.post("/api/runs", { flow: chainFlow(), input: "y".repeat(100_000) })).status).toBe(201);

    const id = await api.start(reviewFlow(), "x");
    const { state } = await waiting(id);
    const answer = await api.answer(id, state.pending.requestId, { text: long });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: "too_long", path: "text" });
    expect((await api.run(id)).state.status).toBe("waiting");
  });

  test("unknown runs, requests and routes are 404 in the error shape", async () => {
    const id = await api.start(reviewFlow(), "x");
    await waiting(id);
    const cases: [string, string, unknown?][] = [
      ["GET", "/api/runs/nope"],
      ["GET", "/api/runs/nope/events"],
      ["GET", "/api/runs/nope/export"],
      ["POST", "/api/runs/nope/human/q", { outcome: "approve" }],
      ["POST", "/api/runs/nope/control", { action: "cancel" }],
      ["POST", "/api/runs/nope/fork", { at: 1 }],
      ["POST", `/api/runs/${id}/human/no-such-request`, { outcome: "approve" }],
      ["GET", `/api/runs/${id}/nothing`],
    ];
    for (const [method, path, body] of cases) {
      const res = await api.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      expect(res.body.error.message).toMatch(/nope|no-such-request|no route/);
    }
  });
});

test("GET /api/models, and the OpenAPI document describes the run routes from the same schemas", async () => {
  const models = await api.get("/api/models");
  expect(models.status).toBe(200);
  expect(models.body.models).toContainEqual({ id: "scripted/demo", provider: "scripted", label: expect.any(String), price: { input: 0, output: 0 } });

  const doc = (await api.get("/api/openapi.json")).body;
  const paths = doc.paths;
  expect(Object.keys(paths)).toEqual(
    expect.arrayContaining([
      "/api/runs", "/api/runs/import", "/api/runs/{id}", "/api/runs/{id}/events", "/api/runs/{id}/export",
      "/api/runs/{id}/human/{requestId}", "/api/runs/{id}/control", "/api/runs/{id}/fork", "/api/flows/{id}/runs", "/api/tasks",
    ]),
  );
  expect(Object.keys(paths["/api/runs"])).toEqual(expect.arrayContaining(["get", "post"]));
  const schemas = doc.components.schemas;
  // The inline flow is the registered Flow schema, not a copy.
  expect(schemas.StartInlineRun.properties.flow).toEqual({ allOf: [{ $ref: "#/components/schemas/Flow" }] });
  expect(schemas.StartInlineRun.properties.input.maxLength).toBe(100_000);
  expect(schemas.StartRun.required).toEqual(["input"]);
  expect(schemas.RunControl.properties.action.enum).toEqual(["pause", "step", "continue", "cancel"]);
  // Exactly one of `at` and `from` is checked by the engine, so neither is required here.
  expect(schemas.ForkRun.required).toBeUndefined();
  expect(Object.keys(schemas.ForkRun.properties)).toEqual(expect.arrayContaining(["at", "from"]));
  expect(schemas.Task.required).toEqual(expect.arrayContaining(["runId", "requestId", "nodeName", "outcomes", "askedAt"]));
  expect(schemas.RunEvent.properties.type.enum).toContain("human.requested");
  expect(paths["/api/runs/{id}/events"].get.responses["200"].content).toHaveProperty(["text/event-stream"]);
  expect(paths["/api/runs/{id}/human/{requestId}"].post.parameters.map((p: { name: string }) => p.name)).toEqual(
    expect.arrayContaining(["id", "requestId", "idempotency-key"]),
  );
  for (const [path, method, status] of [
    ["/api/runs", "post", "422"],
    ["/api/runs/{id}/human/{requestId}", "post", "409"],
    ["/api/runs/{id}/control", "post", "409"],
    ["/api/flows/{id}/runs", "post", "404"],
    ["/api/runs/{id}", "get", "404"],
  ] as const) {
    expect(paths[path][method].responses[status].content["application/json"].schema, `${method} ${path} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
  }
  expect(paths["/api/runs"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["flow", "deployment", "status", "text", "limit", "offset"]);
});
