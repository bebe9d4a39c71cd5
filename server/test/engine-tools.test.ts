// Agents calling tools, in process: a real SQLite file per test, tools given in code (each call
// lands in a ledger the test reads), and a model that asks for the calls a test gives it. What
// is checked: a call needing approval runs only once approved, exactly once, with the arguments
// a person set; a rejection or an answer reaches the model instead of the tool; bad calls are
// told to the model; a call under way when the process stopped is never repeated unasked.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fold, type EventOf, type RunEvent, type RunEventType, type ToolSpec } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { Engine } from "../src/engine/engine.js";
import { FlowInvalidError } from "../src/engine/errors.js";
import type { Run } from "../src/engine/run.js";
import { createRegistry } from "../src/providers/registry.js";
import type { ModelProvider, ModelRequest } from "../src/providers/types.js";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import type { EventStore } from "../src/store/types.js";
import { createToolBox } from "../src/tools/toolbox.js";
import type { CallOptions, ToolBox } from "../src/tools/types.js";
import { answerError } from "./helpers/answer-error.js";
import { waitEvent as waitRunEvent } from "./helpers/run-events.js";

// ---- the tools: a refund that writes to a ledger, a lookup, and one that waits to be let go ----

interface Entry {
  args: unknown;
  key: string;
}
let ledger: Entry[];
/** Calls of `slow` wait here until the test lets them go (or their signal aborts). */
let slowCalls: { release: (text: string) => void; options: CallOptions }[];
/** Resolves once `slow` is called. */
let slowCalled: Promise<void>;
let onSlowCall: () => void;

const SPECS: Record<string, ToolSpec> = {
  refund: {
    name: "refund",
    description: "Refunds an order",
    parameters: { type: "object", properties: { order_id: { type: "string" }, amount: { type: "number", minimum: 0 } }, required: ["order_id", "amount"] },
  },
  lookup: { name: "lookup", description: "Looks an order up", parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] } },
  slow: { name: "slow", description: "Takes its time", parameters: { type: "object", properties: {} } },
};

function codeTools(): ToolBox {
  return createToolBox({
    code: {
      spec: (name) => SPECS[name],
      list: () => Object.values(SPECS),
      async call(name, args, options) {
        if (name === "refund") {
          ledger.push({ args, key: options.idempotencyKey });
          return { content: `refunded ${JSON.stringify(args)}` };
        }
        if (name === "lookup") return { content: `order ${(args as { order_id: string }).order_id}: 250 USD, paid` };
        return new Promise((resolve, reject) => {
          slowCalls.push({ release: (content) => resolve({ content }), options });
          onSlowCall();
          options.signal.addEventListener("abort", () => reject(options.signal.reason), { once: true });
        });
      },
    },
  });
}

// ---- the model: each turn takes the next step of the test's script --------------------------

type Step = { calls: { name: string; args: unknown }[]; say?: string } | string;
/** What the model was sent, call by call. */
let requests: ModelRequest[];

function toolModel(steps: Step[]): ModelProvider {
  let turn = 0;
  return {
    id: "scripted",
    async *stream(req) {
      // The transcript is the run's live array: keep it as it was sent.
      requests.push({ ...req, transcript: [...req.transcript] });
      const step = steps[Math.min(turn++, steps.length - 1)]!;
      if (typeof step === "string") {
        yield { type: "delta", text: step };
        yield { type: "done", content: step };
        return;
      }
      const toolCalls = step.calls.map((c, i) => ({ id: `call_${turn}_${i}`, name: c.name, arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args) }));
      yield { type: "done", content: step.say ?? "", toolCalls };
    },
  };
}

// ---- flows ------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const refundUse = (approval: Json = { mode: "when", path: "amount", op: ">", value: 100 }) => ({ ref: "code:refund", approval });
const agentFlow = (tools: Json[], extra: Json = {}) => ({
  schemaVersion: 2,
  name: "Refunds",
  nodes: [
    { id: "start", type: "start" },
    { id: "agent", type: "agent", data: { name: "agent", model: "scripted/demo", tools, ...extra } },
    { id: "end", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "agent" },
    { id: "e2", source: "agent", target: "end" },
  ],
});

// ---- harness ------------------------------------------------------------------------------------

let dir: string;
let store: EventStore;
let engines: Engine[];

function newEngine(steps: Step[]): Engine {
  const engine = new Engine({ store, registry: createRegistry({ env: {}, providers: { scripted: toolModel(steps) } }), tools: codeTools() });
  engines.push(engine);
  return engine;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tandem-tools-"));
  store = createSqlEventStore((await openSql(dir)).sql);
  ledger = [];
  slowCalls = [];
  slowCalled = new Promise((resolve) => (onSlowCall = resolve));
  requests = [];
  engines = [];
});

afterEach(async () => {
  for (const e of engines) await e.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const waitFor = <T extends RunEventType>(engine: Engine, run: Run, type: T, pred?: (e: EventOf<T>) => boolean) => waitRunEvent(engine, run, type, pred);
const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);
/** The tool messages the model was sent in its last call. */
const toolMessagesSent = () => requests.at(-1)!.transcript.filter((m) => m.role === "tool").map((m) => m.content);


const REFUND_250 = { calls: [{ name: "refund", args: { order_id: "A-1", amount: 250 } }], say: "Refunding order A-1." };

// ---- tests ----------------------------------------------------------------------------------------

describe("approvals", () => {
  it("a call above the threshold waits; edited and approved, it runs once with the person's arguments, and the model is told", async () => {
    const engine = newEngine([REFUND_250, "Refunded."]);
    const run = await engine.start(checkFlowDocument(agentFlow([refundUse()])), "Refund A-1");
    const asked = await waitFor(engine, run, "tool.approval.requested");
    expect(asked.reason).toBe("policy");
    expect(run.state.status).toBe("waiting");
    expect(ledger).toEqual([]);
    expect((await engine.waiting()).map((s) => s.runId)).toEqual([run.id]);

    const e = await answerError(() => run.decide(asked.requestId, { decision: "approve", arguments: { order_id: "A-1", amount: "two hundred" } }, "Tess"));
    expect(e).toMatchObject({ code: "invalid_answer", path: "arguments" });
    expect(e.message).toContain("amount");

    await run.decide(asked.requestId, { decision: "approve", arguments: { order_id: "A-1", amount: 200 } }, "Tess");
    const state = await run.done;
    expect(state.status).toBe("completed");
    expect(ledger).toEqual([{ args: { order_id: "A-1", amount: 200 }, key: `tandem-${run.id}-${asked.callId}` }]);

    const events = await store.events(run.id);
    const kinds = events.filter((x) => x.type.startsWith("tool.")).map((x) => x.type);
    expect(kinds).toEqual(["tool.requested", "tool.approval.requested", "tool.approved", "tool.started", "tool.result"]);
    expect(ofType(events, "tool.requested")[0]).toMatchObject({ tool: "refund", ref: "code:refund", approval: "required", why: 'amount > 100', arguments: { order_id: "A-1", amount: 250 } });
    expect(ofType(events, "tool.approved")[0]).toMatchObject({ by: "Tess", arguments: { order_id: "A-1", amount: 200 } });
    // The model gets the tool's real result (never the approval), saying the arguments were changed.
    expect(toolMessagesSent()).toEqual([`(Tess changed the arguments to {"order_id":"A-1","amount":200} before the call.)\nrefunded {"order_id":"A-1","amount":200}`]);
    expect(state.toolCalls[asked.callId]).toMatchObject({ status: "done", edited: { before: { order_id: "A-1", amount: 250 }, after: { order_id: "A-1", amount: 200 } } });
    expect(fold(events).toolCalls[asked.callId]).toMatchObject({ status: "done", decidedBy: "Tess" });
  });

  it("a rejected call never runs; the model gets the reason and goes on", async () => {
    const engine = newEngine([REFUND_250, "Understood, no refund."]);
    const run = await engine.start(checkFlowDocument(agentFlow([refundUse({ mode: "always" })])), "Refund A-1");
    const asked = await waitFor(engine, run, "tool.approval.requested");
    await run.decide(asked.requestId, { decision: "reject", reason: "over the limit for this customer" }, "Tess");
    const state = await run.done;
    expect(ledger).toEqual([]);
    expect(toolMessagesSent()).toEqual(["Tess rejected this call: over the limit for this customer. The call was not made."]);
    expect(state.output).toBe("Understood, no refund.");
    expect(ofType(await store.events(run.id), "tool.started")).toEqual([]);
  });

  it("a person can answer instead of the tool: the model gets the answer as the result", async () => {
    const engine = newEngine([REFUND_250, "Done."]);
    const run = await engine.start(checkFlowDocument(agentFlow([refundUse({ mode: "always" })])), "Refund A-1");
    const asked = await waitFor(engine, run, "tool.approval.requested");
    await run.decide(asked.requestId, { decision: "reject", result: "Refunded by hand in the back office." }, "Tess");
    await run.done;
    expect(ledger).toEqual([]);
    expect(toolMessagesSent()).toEqual(["Tess answered instead of the tool: Refunded by hand in the back office."]);
  });

  it("a call below the threshold, or a tool that never asks, runs at once", async () => {
    const engine = newEngine([{ calls: [{ name: "lookup", args: { order_id: "A-1" } }, { name: "refund", args: { order_id: "A-1", amount: 40 } }] }, "Refunded 40."]);
    const run = await engine.start(checkFlowDocument(agentFlow([{ ref: "code:lookup", approval: { mode: "never" } }, refundUse()])), "Refund A-1");
    const state = await run.done;
    expect(state.status).toBe("completed");
    expect(ofType(await store.events(run.id), "tool.approval.requested")).toEqual([]);
    expect(ledger.map((l) => l.args)).toEqual([{ order_id: "A-1", amount: 40 }]);
    expect(toolMessagesSent()).toEqual(["order A-1: 250 USD, paid", 'refunded {"order_id":"A-1","amount":40}']);
  });

  it("several calls of one turn wait together and are decided one by one, in any order", async () => {
    const two = { calls: [{ name: "refund", args: { order_id: "A-1", amount: 150 } }, { name: "refund", args: { order_id: "B-2", amount: 300 } }] };
    const engine = newEngine([two, "Both handled."]);
    const run = await engine.start(checkFlowDocument(agentFlow([refundUse()])), "Refund A-1 and B-2");
    await waitFor(engine, run, "tool.approval.requested", () => run.state.approvals.length === 2);
    await waitFor(engine, run, "tool.approval.requested", (e) => e.callId === run.state.approvals[1]);
    const [first, second] = run.state.approvals.map((id) => run.state.toolCalls[id]!);
    await run.decide(second!.requestId!, { decision: "approve" }, "Tess");
    await waitFor(engine, run, "tool.result", (e) => e.callId === second!.id);
    expect(run.state.status).toBe("waiting");
    expect(ledger.map((l) => l.args)).toEqual([{ order_id: "B-2", amount: 300 }]);
    await run.decide(first!.requestId!, { decision: "reject", reason: "already refunded" }, "Sam");
    const state = await run.done;
    expect(state.status).toBe("completed");
    expect(ledger).toHaveLength(1);
    expect(toolMessagesSent()).toHaveLength(2);
  });

  it("a decision is taken once: a second one is refused, a retry with its key gets the same event", async () => {
    const engine = newEngine([REFUND_250, "Refunded."]);
    const run = await engine.start(checkFlowDocument(agentFlow([refundUse()])), "Refund A-1");
    const asked = await waitFor(engine, run, "tool.approval.requested");
    const taken = await engine.decide(run.id, asked.requestId, { decision: "approve" }, "Tess", "key-1");
    expect(await engine.decide(run.id, asked.requestId, { decision: "reject" }, "Tess", "key-1")).toEqual(taken);
    expect(await answerError(() => engine.decide(run.id, asked.requestId, { decision: "reject" }, "Sam"))).toMatchObject({ code: "already_answered" });
    expect(await answerError(() => engine.decide(run.id, "no-such-request", { decision: "approve" }, "Sam"))).toMatchObject({ code: "unknown_request" });
    await run.done;
    expect(ledger).toHaveLength(1);
  });

  it("reasons and results go with rejections only, and arguments with approvals only", async () => {
    const engine = newEngine([REFUND_250, "Refunded."]);
    const run = await engine.start(checkFlowDocument(agentFlow([refundUse()])), "Refund A-1");
    const asked = await waitFor(engine, run, "tool.approval.requested");
    expect(await answerError(() => run.decide(asked.requestId, { decision: "approve", reason: "fine" }))).toMatchObject({ path: "reason" });
    expect(await answerError(() => run.decide(asked.requestId, { decision: "reject", arguments: { amount: 1 } }))).toMatchObject({ path: "arguments" });
    expect(ofType(await store.events(run.id), "tool.approved")).toEqual([]);
  });
});

describe("calls the model gets wrong", () => {
  it("an unknown tool and arguments off the schema are told to the model, which tries again", async () => {
    const engine = newEngine([
      { calls: [{ name: "delete_everything", args: {} }, { name: "refund", args: { order_id: "A-1" } }, { name: "refund", args: "{not json" }] },
      { calls: [{ name: "refund", args: { order_id: "A-1", amount: 20 } }] },
      "Refunded 20.",
    ]);
    const run = await engine.start(checkFlowDocument(agentFlow([refundUse()])), "Refund A-1");
    const state = await run.done;
    expect(state.status).toBe("completed");
    const failed = ofType(await store.events(run.id), "tool.failed");
    expect(failed.map((f) => f.code)).toEqual(["unknown_tool", "invalid_arguments", "invalid_arguments"]);
    expect(failed[0]!.error).toContain('no tool "delete_everything"');
    expect(failed[1]!.error).toContain("amount");
    expect(requests[1]!.transcript.filter((m) => m.role === "tool")).toHaveLength(3);
    expect(ledger.map((l) => l.args)).toEqual([{ order_id: "A-1", amount: 20 }]);
  });

  it("past maxToolCalls the model is asked to answer without tools, and a call it makes anyway is refused", async () => {
    const lookup = { calls: [{ name: "lookup", args: { order_id: "A-1" } }] };
    const engine = newEngine([lookup, lookup, lookup, "Enough looking."]);
    const run = await engine.start(checkFlowDocument(agentFlow([{ ref: "code:lookup", approval: { mode: "never" } }], { maxToolCalls: 2 })), "Look A-1 up");
    const state = await run.done;
    expect(requests.map((r) => r.toolChoice)).toEqual(["auto", "auto", "none", "none"]);
    expect(requests[0]!.tools?.map((t) => t.name)).toEqual(["lookup"]);
    expect(ofType(await store.events(run.id), "tool.result")).toHaveLength(2);
    expect(ofType(await store.events(run.id), "tool.failed")[0]!.error).toContain("maxToolCalls (2)");
    expect(state.output).toBe("Enough looking.");
  });

  it("a tool that hangs times out, and the model is told", async () => {
    const engine = newEngine([{ calls: [{ name: "slow", args: {} }] }, "It timed out."]);
    const run = await engine.start(checkFlowDocument(agentFlow([{ ref: "code:slow", approval: { mode: "never" }, timeoutSeconds: 0.05 }])), "Go");
    const state = await run.done;
    expect(ofType(await store.events(run.id), "tool.failed")[0]).toMatchObject({ code: "timeout" });
    expect(slowCalls[0]!.options.signal.aborted).toBe(true);
    expect(state.status).toBe("completed");
  });

  it("cancelling the run cancels the call under way", async () => {
    const engine = newEngine([{ calls: [{ name: "slow", args: {} }] }, "Never."]);
    const run = await engine.start(checkFlowDocument(agentFlow([{ ref: "code:slow", approval: { mode: "never" } }])), "Go");
    await slowCalled; // the call is under way (tool.started is told before it begins)
    await engine.control(run.id, "cancel");
    expect(run.state.status).toBe("cancelled");
    expect(slowCalls[0]!.options.signal.aborted).toBe(true);
  });

  it("a run cancelled while its call's start is being written makes no call", async () => {
    const engine = newEngine([{ calls: [{ name: "slow", args: {} }] }, "Never."]);
    const run = await engine.start(checkFlowDocument(agentFlow([{ ref: "code:slow", approval: { mode: "never" } }])), "Go");
    // Told of tool.started as it is stored: before the run, awaiting that write, goes on to the call.
    run.subscribe((e) => e.type === "tool.started" && run.control("cancel"));
    expect((await run.done).status).toBe("cancelled");
    expect(slowCalls).toEqual([]);
  });

  it("a flow naming a tool this process cannot serve is refused before anything is stored, naming the field", async () => {
    const engine = newEngine(["-"]);
    const doc = agentFlow([{ ref: "mcp:payments/refund", approval: { mode: "always" } }, { ref: "code:nope", approval: { mode: "never" } }]);
    let error: FlowInvalidError | undefined;
    try {
      await engine.start(checkFlowDocument(doc), "x");
    } catch (e) {
      error = e as FlowInvalidError;
    }
    expect(error).toBeInstanceOf(FlowInvalidError);
    expect(error!.problems.map((p) => p.path)).toEqual(["nodes[1].data.tools[0].ref", "nodes[1].data.tools[1].ref"]);
    expect(error!.message).toContain('MCP server "payments"');
    expect((await store.listRuns({ limit: 10, offset: 0 })).total).toBe(0);
  });
});

describe("across a stop of the process", () => {
  it("a call under way when the process stopped is not repeated: a person decides, and a retry keeps its key", async () => {
    const first = newEngine([{ calls: [{ name: "slow", args: {} }] }, "Done."]);
    const run = await first.start(checkFlowDocument(agentFlow([{ ref: "code:slow", approval: { mode: "never" } }])), "Go");
    const started = await waitFor(first, run, "tool.started");
    await first.detach();

    const second = newEngine(["Done."]);
    const [resumed] = (await second.resumeAll()).resumed;
    const asked = await waitFor(second, resumed!, "tool.approval.requested");
    expect(asked).toMatchObject({ reason: "unknown", callId: started.callId });
    expect(slowCalls).toHaveLength(1); // only the first process's call
    expect(await answerError(() => resumed!.decide(asked.requestId, { decision: "approve", arguments: { x: 1 } }))).toMatchObject({ path: "arguments" });

    await resumed!.decide(asked.requestId, { decision: "approve" }, "Tess");
    await waitFor(second, resumed!, "tool.started", (e) => e.attempt === 2);
    expect(slowCalls).toHaveLength(2);
    expect(slowCalls[1]!.options.idempotencyKey).toBe(started.idempotencyKey);
    slowCalls[1]!.release("finished");
    const state = await resumed!.done;
    expect(state.status).toBe("completed");
    expect(state.toolCalls[started.callId]).toMatchObject({ status: "done", attempts: 2, result: "finished" });
  });

  it("a person can enter the result of a call that may have run: the tool is not called again", async () => {
    const blocked = newEngine([{ calls: [{ name: "slow", args: {} }] }, "Noted."]);
    const again = await blocked.start(checkFlowDocument(agentFlow([{ ref: "code:slow", approval: { mode: "never" } }])), "Go");
    await waitFor(blocked, again, "tool.started");
    await blocked.detach();
    const second = newEngine(["Noted."]);
    const resumed = (await second.resumeAll()).resumed.find((r) => r.id === again.id)!;
    const asked = await waitFor(second, resumed, "tool.approval.requested");
    await resumed.decide(asked.requestId, { decision: "reject", result: "It went through: job 42." }, "Tess");
    const state = await resumed.done;
    expect(slowCalls).toHaveLength(1);
    expect(requests.at(-1)!.transcript.filter((m) => m.role === "tool").map((m) => m.content)).toEqual(["Tess answered instead of the tool: It went through: job 42."]);
    expect(state.status).toBe("completed");
  });

  it("a question asked before the stop is asked once: the same request, answered after the restart, runs the call once", async () => {
    const first = newEngine([REFUND_250, "Refunded."]);
    const run = await first.start(checkFlowDocument(agentFlow([refundUse()])), "Refund A-1");
    const asked = await waitFor(first, run, "tool.approval.requested");
    await first.detach();
    // The model of the process that goes on answers from where the run is.
    const second = newEngine(["Refunded."]);
    const [resumed] = (await second.resumeAll()).resumed;
    expect(resumed!.state.approvals).toEqual([asked.callId]);
    await second.decide(run.id, asked.requestId, { decision: "approve" }, "Tess");
    await resumed!.done;
    expect(ofType(await store.events(run.id), "tool.approval.requested")).toHaveLength(1);
    expect(ledger).toHaveLength(1);
  });
});

describe("a process without the run's tools", () => {
  it("leaves a run whose code tools live in another process as it is stored, rather than resuming it", async () => {
    const first = newEngine([REFUND_250, "Refunded."]);
    const run = await first.start(checkFlowDocument(agentFlow([refundUse()])), "Refund A-1");
    await waitFor(first, run, "tool.approval.requested");
    await first.detach();
    const elsewhere = new Engine({ store, registry: createRegistry({ env: {} }), tools: createToolBox() });
    engines.push(elsewhere);
    expect((await elsewhere.resumeAll()).resumed).toEqual([]);
    expect(await store.run(run.id)).toMatchObject({ status: "waiting" });
    // The process that has the tools goes on with it.
    const home = newEngine(["Refunded."]);
    expect((await home.resumeAll()).resumed.map((r) => r.id)).toEqual([run.id]);
  });
});

describe("replays", () => {
  it("a replay gives the recorded results and decisions back and calls no tool", async () => {
    const engine = newEngine([{ calls: [{ name: "lookup", args: { order_id: "A-1" } }] }, REFUND_250, "Refunded."]);
    const run = await engine.start(checkFlowDocument(agentFlow([{ ref: "code:lookup", approval: { mode: "never" } }, refundUse()])), "Refund A-1");
    const asked = await waitFor(engine, run, "tool.approval.requested");
    await run.decide(asked.requestId, { decision: "approve", arguments: { order_id: "A-1", amount: 200 } }, "Tess");
    await run.done;
    expect(ledger).toHaveLength(1);
    const recording = await store.events(run.id);
    const replayed = await replayRun(recording);
    expect(comparable(replayed.map((e) => (e.type === "tool.result" || e.type === "tool.failed" ? { ...e, durationMs: 0 } : e)))).toEqual(
      comparable(recording.map((e) => (e.type === "tool.result" || e.type === "tool.failed" ? { ...e, durationMs: 0 } : e))),
    );
    expect(ledger).toHaveLength(1);
  });
});

describe("forks", () => {
  it("a fork at a rejected call's approval, approved this time, makes only that call, under its own key", async () => {
    const steps: Step[] = [{ calls: [{ name: "lookup", args: { order_id: "A-1" } }] }, REFUND_250, "Done."];
    const engine = newEngine(steps);
    const run = await engine.start(checkFlowDocument(agentFlow([{ ref: "code:lookup", approval: { mode: "never" } }, refundUse()])), "Refund A-1");
    const asked = await waitFor(engine, run, "tool.approval.requested");
    await run.decide(asked.requestId, { decision: "reject", reason: "not yet" }, "Tess");
    await run.done;
    expect(ledger).toEqual([]);
    const lookups = requests.length;

    // The fork copies the parent up to the question; its model goes on from the refund's answer.
    const forking = newEngine(["Refunded after all."]);
    const child = await forking.fork(run.id, { at: asked.seq });
    expect(child.state.approvals).toEqual([asked.callId]);
    await forking.decide(child.id, asked.requestId, { decision: "approve" }, "Sam");
    const state = await child.done;
    expect(state.status).toBe("completed");
    expect(ledger).toEqual([{ args: { order_id: "A-1", amount: 250 }, key: `tandem-${child.id}-${asked.callId}` }]);
    // The lookup before the fork point is the recording: not made again.
    expect(ofType(await store.events(child.id), "tool.started").filter((e) => e.seq > asked.seq)).toHaveLength(1);
    expect(requests.length).toBe(lookups + 1);
  });
});
