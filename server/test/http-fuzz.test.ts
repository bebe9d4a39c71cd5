// Property-based fuzz of the API against a real server process: flow documents, fork bodies,
// answers and run imports with ids and keys named like Object.prototype's properties, deep
// nesting, huge arrays and catastrophic regex patterns. Every input gets a 2xx or a clear 4xx
// (never a 5xx or a dropped connection); GET /api/health answers within 100 ms after each one;
// a rejected input writes nothing; what was accepted can be read back.
//
// A slower answer counts when the server spent more than 100 ms of CPU meanwhile: its event loop
// was held. With less, this shared machine did not get round to running it (other test runs
// beside this one), which says nothing about the server.
//
// Bounded and reproducible: a fixed seed and number of inputs per family; a failure names the
// seed, the input's place in the sequence and what was sent.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import {
  backtrackingFlow,
  bigFlow,
  flowDocument,
  hostileId,
  nestedJson,
  nesting,
  PROTO_NAMES,
  withKeys,
} from "./helpers/hostile-inputs.js";
import { cpuMs } from "./helpers/process-cpu.js";
import { client, reviewFlow, withNodeIds } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const SEED = 19_2026;
const HEALTH_MS = 100;

let server: ServerProcess;
const api = client(() => server.url);
beforeAll(async () => void (server = await startServerProcess()));
afterAll(() => server?.stop());

interface Input {
  method: "POST" | "PUT";
  path: string;
  /** The JSON text sent. */
  body: string;
}

const counts = async () => ({
  runs: (await api.get("/api/runs?limit=1")).body.total as number,
  flows: (await api.get("/api/flows")).body.flows.length as number,
});

/** Runs a request that must answer within HEALTH_MS, unless the server was not running meanwhile (see the top). */
async function quick<T>(what: string, request: () => Promise<T>): Promise<T> {
  const cpu = cpuMs(server.pid);
  const t = performance.now();
  const out = await request();
  const ms = performance.now() - t;
  const busyMs = cpuMs(server.pid) - cpu;
  if (ms > HEALTH_MS && busyMs > HEALTH_MS) throw new Error(`${what} took ${Math.round(ms)} ms (${busyMs} ms of it working)`);
  return out;
}

async function expectHealthy(after: string): Promise<void> {
  const res = await quick(`GET /api/health after ${after}`, () => fetch(`${server.url}/api/health`).then(async (r) => (await r.text(), r)));
  expect(res.status).toBe(200);
}

const describeInput = (i: Input) => `${i.method} ${i.path} ${i.body.length > 300 ? `${i.body.slice(0, 300)}… (${i.body.length} characters)` : i.body}`;

/**
 * Sends the input and checks the answer: 2xx, or a 4xx with an error code and message that
 * changed nothing stored. Returns the status and the parsed body.
 */
async function send(input: Input): Promise<{ status: number; body: any }> {
  const before = await counts();
  let res: Response;
  try {
    res = await fetch(server.url + input.path, { method: input.method, headers: { "content-type": "application/json" }, body: input.body });
  } catch (e) {
    throw new Error(`the connection dropped (${(e as Error).message}) for ${describeInput(input)}`);
  }
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (res.status >= 500) throw new Error(`${res.status} ${text.slice(0, 300)} for ${describeInput(input)}; the server's log ends:\n${server.logs().slice(-1500)}`);
  if (res.status >= 400) {
    expect(body.error.code, describeInput(input)).toMatch(/^[a-z_]+$/);
    expect(body.error.message.length, describeInput(input)).toBeGreaterThan(0);
    expect(await counts(), `a rejected input wrote something: ${describeInput(input)}`).toEqual(before);
  } else {
    // What was accepted can be read back.
    const read = body.runId ? `/api/runs/${body.runId}` : body.id ? `/api/flows/${body.id}` : undefined;
    if (read) expect((await api.get(read)).status, `reading ${read} after ${describeInput(input)}`).toBe(200);
  }
  await expectHealthy(describeInput(input));
  return { status: res.status, body };
}

/** Runs the property over `numRuns` inputs from the fixed seed; a failure names the seed and the input. */
async function fuzz<T>(arb: fc.Arbitrary<T>, numRuns: number, check: (value: T) => Promise<void>) {
  const out = await fc.check(fc.asyncProperty(arb, check), { seed: SEED, numRuns, endOnFailure: true });
  if (out.failed) {
    throw new Error(`fuzz failed (seed ${SEED}, path "${out.counterexamplePath}", input ${out.numRuns} of ${numRuns}): ${(out.errorInstance as Error)?.message}`);
  }
}

const post = (path: string, value: unknown): Input => ({ method: "POST", path, body: JSON.stringify(value) });

/** A run of the review flow with these node ids, waiting for its person: its id, the request and the seq it was asked at. */
async function waitingRun(rename: Record<string, string>) {
  const runId = await api.start(withNodeIds(reviewFlow({ script: ["A draft."] }), rename));
  const { state, events } = await api.status(runId, "waiting");
  return { runId, requestId: state.pending.requestId as string, asked: events.find((e) => e.type === "human.requested")!.seq };
}

const PROTO_IDS = { writer: "__proto__", reviewer: "constructor", end: "toString" };

describe("fuzz: ids and keys named like Object.prototype's properties", () => {
  test("flow documents, saved and started", async () => {
    const input = fc.record({ flow: flowDocument, start: fc.boolean(), breakpoints: fc.option(fc.array(hostileId, { maxLength: 2 }), { nil: undefined }) });
    await fuzz(input, 50, async ({ flow, start, breakpoints }) => {
      if (start) await send(post("/api/runs", { flow, input: "fuzz", ...(breakpoints ? { breakpoints } : {}) }));
      else await send(post("/api/flows", { flow }));
    });
  });

  test("fork bodies", async () => {
    const parents = [await waitingRun(PROTO_IDS), await waitingRun({})];
    const change = fc.oneof(
      fc.record({ systemMessage: fc.string({ maxLength: 20 }), model: fc.constantFrom("scripted/demo", "nope", "__proto__/x") }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const body = fc.record({
      parent: fc.constantFrom(0, 1),
      at: fc.oneof(fc.integer({ min: -1, max: 12 }), fc.constant(parents[0]!.asked)),
      nodes: fc.option(fc.array(fc.tuple(hostileId, change), { maxLength: 3 }), { nil: undefined }),
      answer: fc.option(fc.oneof(fc.record({ outcome: fc.oneof(fc.constantFrom("approve", "revise"), hostileId) }), fc.jsonValue({ maxDepth: 2 })), { nil: undefined }),
      extra: fc.array(fc.tuple(fc.constantFrom(...PROTO_NAMES), fc.jsonValue({ maxDepth: 1 })), { maxLength: 1 }),
    });
    await fuzz(body, 30, async ({ parent, at, nodes, answer, extra }) => {
      const fork = withKeys({ at, ...(nodes ? { nodes: Object.fromEntries(nodes) } : {}), ...(answer !== undefined ? { answer } : {}) }, extra);
      await send(post(`/api/runs/${parents[parent]!.runId}/fork`, fork));
    });
  });

  test("answers: a request id the run never asked is a 404, whatever its spelling", async () => {
    const run = await waitingRun(PROTO_IDS);
    const answer = fc.record({
      requestId: hostileId.filter((id) => id !== run.requestId),
      body: fc.oneof(fc.record({ outcome: fc.oneof(fc.constantFrom("approve", "revise"), hostileId), text: fc.string({ maxLength: 10 }) }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 2 })),
      extra: fc.array(fc.tuple(fc.constantFrom(...PROTO_NAMES), fc.jsonValue({ maxDepth: 1 })), { maxLength: 1 }),
    });
    await fuzz(answer, 30, async ({ requestId, body, extra }) => {
      const sent = typeof body === "object" && body !== null && !Array.isArray(body) ? withKeys(body, extra) : body;
      const res = await send(post(`/api/runs/${run.runId}/human/${encodeURIComponent(requestId)}`, sent));
      // A body that is not an answer may be refused first (422); an answer is never taken, nor 409.
      expect([404, 415, 422], `answer to "${requestId}": ${JSON.stringify(res.body)}`).toContain(res.status);
    });
    expect((await api.run(run.runId)).state.status).toBe("waiting");
  });

  test("run imports", async () => {
    const done = await waitingRun(PROTO_IDS);
    await api.answer(done.runId, done.requestId, { outcome: "revise", text: "again" });
    const { state } = await api.until(done.runId, (s) => s.status === "waiting" && s.pending.requestId !== done.requestId);
    await api.answer(done.runId, state.pending.requestId, { outcome: "approve" });
    await api.status(done.runId, "completed");
    const exported = JSON.stringify((await api.get(`/api/runs/${done.runId}/export`)).body);
    const ids = [...Object.values(PROTO_IDS), done.requestId, state.pending.requestId];

    const doc = fc.record({
      rename: fc.array(fc.tuple(fc.constantFrom(...ids), hostileId), { maxLength: 3 }),
      extra: fc.array(fc.tuple(fc.nat(), fc.array(fc.tuple(hostileId, fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 2 })), { maxLength: 3 }),
      drop: fc.option(fc.nat(), { nil: undefined }),
      top: fc.array(fc.tuple(fc.constantFrom(...PROTO_NAMES), fc.jsonValue({ maxDepth: 1 })), { maxLength: 1 }),
    });
    await fuzz(doc, 40, async ({ rename, extra, drop, top }) => {
      let text = exported;
      for (const [from, to] of rename) text = text.replaceAll(JSON.stringify(from), JSON.stringify(to));
      const parsed = JSON.parse(text) as { events: RunEvent[] };
      let events: unknown[] = parsed.events;
      for (const [at, keys] of extra) events[at % events.length] = withKeys(events[at % events.length] as object, keys);
      if (drop !== undefined) events = events.filter((_, i) => i !== drop % events.length);
      const res = await send(post("/api/runs/import", withKeys({ ...parsed, events }, top)));
      if (res.status === 201) expect((await api.run(res.body.runId)).run.damaged).toBeNull();
    });
  });
});

// These families reach the limits of documents and patterns (sizes, depth, regex edges).
describe("fuzz: hostile patterns, deep nesting and huge arrays", () => {
  test("regex edges with catastrophic patterns against the reply they meet", async () => {
    await fuzz(backtrackingFlow, 4, async (flow) => {
      const { status, body } = await send(post("/api/runs", { flow, input: "fuzz" }));
      // A run that started routes past its regex edge, every request meanwhile answered quickly.
      if (status === 201) {
        const routed = (events: RunEvent[]) => events.some((e) => (e.type === "route.taken" && e.from === "writer") || e.type === "run.finished");
        const what = `a request while the run of ${describeInput(post("/api/runs", { flow }))} routes`;
        while (!routed((await quick(what, () => api.run(body.runId))).events)) await expectHealthy(what);
      }
    });
  });

  test.each(["flow", "fork", "answer", "import"] as const)("deeply nested JSON in a %s", async (at) => {
    const run = await waitingRun({});
    const exported = JSON.stringify((await api.get(`/api/runs/${run.runId}/export`)).body);
    const flow = JSON.stringify(reviewFlow());
    await fuzz(nesting, 4, async ({ depth, kind }) => {
      const deep = nestedJson(depth, kind);
      const input: Input =
        at === "flow"
          ? { method: "POST", path: "/api/flows", body: `{"flow":${flow.replace('"name":', `"description":${deep},"name":`)}}` }
          : at === "fork"
            ? { method: "POST", path: `/api/runs/${run.runId}/fork`, body: `{"at":${run.asked},"nodes":{"writer":${deep}}}` }
            : at === "answer"
              ? { method: "POST", path: `/api/runs/${run.runId}/human/${run.requestId}`, body: `{"text":${deep}}` }
              : { method: "POST", path: "/api/runs/import", body: exported.replace('"type":"node.started"', `"extra":${deep},"type":"node.started"`) };
      await send(input);
    });
    expect((await api.run(run.runId)).state.status).toBe("waiting");
  });

  test("huge arrays: flows of many nodes and edges, imports of many events, forks of many edits", async () => {
    const run = await waitingRun({});
    const { events } = await api.run(run.runId);
    const what = fc.oneof(
      fc.record({ kind: fc.constant("flow" as const), agents: fc.constantFrom(200, 2_000), extraEdges: fc.constantFrom(0, 15_000), start: fc.boolean() }),
      fc.record({ kind: fc.constant("import" as const), deltas: fc.constantFrom(1_000, 50_000) }),
      fc.record({ kind: fc.constant("fork" as const), edits: fc.constantFrom(1_000, 1_001, 100_000) }),
    );
    await fuzz(what, 10, async (w) => {
      if (w.kind === "flow") {
        const flow = bigFlow(w.agents, w.extraEdges);
        await send(w.start ? post("/api/runs", { flow, input: "fuzz" }) : post("/api/flows", { flow }));
      } else if (w.kind === "import") {
        // The run's events, then many more deltas of the writer's last message (seq continuing).
        const more = Array.from({ length: w.deltas }, (_, i) => ({ type: "message.delta", nodeId: "writer", text: "x", seq: events.length + i + 1, at: 1 }));
        await send(post("/api/runs/import", { format: "tandem.run", version: 1, exportedAt: "", run: {}, events: [...events, ...more] }));
      } else {
        const edits = Array.from({ length: w.edits }, () => ({ seq: 3, content: "again" }));
        await send(post(`/api/runs/${run.runId}/fork`, { at: run.asked, edits }));
      }
    });
  });
});
