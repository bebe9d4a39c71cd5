// Code tools in the SDK: defineTool and the CodeTools registry, an agent's tools in the flow JSON,
// and a Conversation whose program decides the calls (onApproval).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RunEvent } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { createRegistry } from "../src/providers/registry.js";
import { Agent, Conversation, defineTool, HumanAgent, Orchestrator, type AgentToolUse, type ConversationOptions } from "../src/sdk/index.js";
import type { PendingApproval } from "../src/terminal/approval-task.js";
import { withStore } from "./helpers/stored.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { CodeTools } from "../src/tools/code.js";
import { ToolError } from "../src/tools/types.js";

/** A refund tool that records every call it makes: the side effects to count. */
function refundTool() {
  const calls: { args: { order_id: string; amount: number }; key: string }[] = [];
  const tool = defineTool({
    name: "refund",
    description: "Refunds an order",
    parameters: z.object({ order_id: z.string(), amount: z.number().positive() }),
    execute(args, { idempotencyKey }) {
      calls.push({ args, key: idempotencyKey });
      return `refunded ${args.amount} on ${args.order_id}`;
    },
  });
  return { tool, calls };
}

const options = (o: Partial<{ timeoutMs: number; signal: AbortSignal }> = {}) => ({
  idempotencyKey: "tandem-run1-call1",
  timeoutMs: o.timeoutMs ?? 5_000,
  signal: o.signal ?? new AbortController().signal,
});

/** What a call rejected with. */
async function failure(p: Promise<unknown>): Promise<ToolError> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(ToolError);
  return e as ToolError;
}

describe("defineTool and CodeTools", () => {
  it("describes the tool to the model with the zod schema as JSON Schema", () => {
    const { tool } = refundTool();
    expect(new CodeTools([tool]).spec("refund")).toEqual({
      name: "refund",
      description: "Refunds an order",
      parameters: {
        type: "object",
        properties: { order_id: { type: "string" }, amount: { type: "number", exclusiveMinimum: 0 } },
        required: ["order_id", "amount"],
        additionalProperties: false,
      },
    });
  });

  it("runs the tool with the parsed arguments and the call's idempotency key; a string result goes as is, anything else as JSON", async () => {
    const { tool, calls } = refundTool();
    const lookup = defineTool({ name: "get_order", description: "", parameters: z.object({ id: z.string() }), execute: ({ id }) => ({ id, total: 250 }) });
    const tools = new CodeTools([tool, lookup]);
    expect(await tools.call("refund", { order_id: "A1", amount: 200 }, options())).toEqual({ content: "refunded 200 on A1" });
    expect(calls).toEqual([{ args: { order_id: "A1", amount: 200 }, key: "tandem-run1-call1" }]);
    expect(await tools.call("get_order", { id: "A1" }, options())).toEqual({ content: '{"id":"A1","total":250}' });
  });

  it("refuses arguments off the schema naming the field, and never runs the tool", async () => {
    const { tool, calls } = refundTool();
    const e = await failure(new CodeTools([tool]).call("refund", { order_id: "A1", amount: "lots" }, options()));
    expect(e.code).toBe("error");
    expect(e.message).toMatch(/^invalid arguments: amount: /);
    expect(calls).toEqual([]);
  });

  it("a tool that throws fails the call with its message", async () => {
    const broken = defineTool({ name: "broken", description: "", parameters: z.object({}), execute: () => { throw new Error("ledger is locked"); } });
    const e = await failure(new CodeTools([broken]).call("broken", {}, options()));
    expect([e.code, e.message]).toEqual(["error", "ledger is locked"]);
  });

  /** A tool that never answers; `started` runs when it is called, `signal` is the one it was given. */
  function hangingTool(started = () => {}) {
    const seen: { signal?: AbortSignal } = {};
    const tool = defineTool({
      name: "hang",
      description: "",
      parameters: z.object({}),
      execute: (_args, context) => {
        seen.signal = context.signal;
        started();
        return new Promise(() => {});
      },
    });
    return { tool, seen };
  }

  it("a tool that hangs times out, and its signal is aborted", async () => {
    const { tool, seen } = hangingTool();
    const e = await failure(new CodeTools([tool]).call("hang", {}, options({ timeoutMs: 20 })));
    expect([e.code, e.message]).toEqual(["timeout", 'code tool "hang" took longer than 0.02 s']);
    expect(seen.signal?.aborted).toBe(true);
  });

  it("a cancelled call stops waiting for the tool and aborts its signal", async () => {
    const cancel = new AbortController();
    const { tool, seen } = hangingTool(() => cancel.abort());
    const e = await failure(new CodeTools([tool]).call("hang", {}, options({ signal: cancel.signal })));
    expect([e.code, e.message]).toEqual(["error", 'code tool "hang" was cancelled']);
    expect(seen.signal?.aborted).toBe(true);
  });

  it("a name no tool has is unavailable; two tools of one name and a bad name are refused", async () => {
    const { tool } = refundTool();
    expect(new CodeTools([tool]).spec("refnud")).toBeUndefined();
    expect((await failure(new CodeTools([tool]).call("refnud", {}, options()))).code).toBe("unavailable");
    expect(() => new CodeTools([tool, refundTool().tool])).toThrow('two code tools are named "refund"');
    expect(() => new CodeTools([tool, tool]).list()).not.toThrow();
    expect(() => defineTool({ name: "refund money", description: "", parameters: z.object({}), execute: () => "" })).toThrow(/name "refund money": letters, digits/);
  });
});

describe("an agent's code tools in the flow", () => {
  const rules = [
    { from: "user", to: "support" },
    { from: "support", to: "end" },
  ];

  it("are the flow JSON the studio writes: refs, approval policies, timeouts and maxToolCalls", () => {
    const { tool: refund } = refundTool();
    const lookup = defineTool({ name: "get_order", description: "Looks an order up", parameters: z.object({ id: z.string() }), execute: () => "" });
    const notify = defineTool({ name: "notify", description: "", parameters: z.object({}), execute: () => "" });
    const support = new Agent({
      name: "support",
      llm: "scripted/demo",
      tools: [{ tool: refund, approval: { when: { field: "amount", op: ">", value: 100 } }, timeoutSeconds: 60 }, { tool: lookup, approval: "never" }, notify],
      maxToolCalls: 4,
    });
    const flow = new Orchestrator({ agents: [support], rules }).toFlow();
    // As the studio saves it (and any flow file holds it).
    const studio = {
      name: "support",
      model: "scripted/demo",
      systemMessage: "",
      tools: [
        { ref: "code:refund", approval: { mode: "when", path: "amount", op: ">", value: 100 }, timeoutSeconds: 60 },
        { ref: "code:get_order", approval: { mode: "never" } },
        { ref: "code:notify", approval: { mode: "always" } },
      ],
      maxToolCalls: 4,
    };
    expect(flow.nodes.find((n) => n.id === "support")!.data).toEqual(studio);
    expect(checkFlowDocument(JSON.parse(JSON.stringify(flow)))).toEqual(flow);
    expect(new Orchestrator({ agents: [support], rules }).codeTools().list().map((t) => t.name)).toEqual(["refund", "get_order", "notify"]);
  });

  it("two agents may share a tool, but two different tools of one name are refused", () => {
    const { tool } = refundTool();
    const agents = (other: typeof tool) => [
      new Agent({ name: "support", llm: "scripted/demo", tools: [tool] }),
      new Agent({ name: "billing", llm: "scripted/demo", tools: [other] }),
      new HumanAgent({ name: "lead" }),
    ];
    const both = [
      { from: "user", to: "support" },
      { from: "support", to: "billing" },
      { from: "billing", to: "lead" },
      { from: "lead", to: "end" },
    ];
    expect(new Orchestrator({ agents: agents(tool), rules: both }).codeTools().list()).toHaveLength(1);
    expect(() => new Orchestrator({ agents: agents(refundTool().tool), rules: both }).toFlow()).toThrow('two code tools are named "refund"');
  });
});

describe("a Conversation with a code tool", () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), "tandem-sdk-tools-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const quiet = () => new Writable({ write: (_chunk, _enc, done) => done() });
  const storedEvents = (runId: string): Promise<RunEvent[]> => withStore(dir, (store) => store.events(runId));

  /** The conversation of a test: its own data, the offline model unless told, nothing printed. */
  const conversation = (orchestrator: Orchestrator, o: Partial<ConversationOptions>) =>
    new Conversation({ orchestrator, dataDir: dir, registry: createRegistry({ env: {} }), output: quiet(), ...o });

  /** A support agent whose scripted model asks to refund $250 on A1, then says what the tool gave back. */
  function support(use: Omit<AgentToolUse, "tool">) {
    const refund = refundTool();
    const agent = new Agent({
      name: "support",
      llm: "scripted/demo",
      script: [{ calls: [{ tool: "refund", arguments: { order_id: "A1", amount: 250 } }], reply: "Done. {{result}}" }],
      tools: [{ tool: refund.tool, ...use }],
    });
    const orchestrator = new Orchestrator({ agents: [agent], rules: [{ from: "user", to: "support" }, { from: "support", to: "end" }] });
    return { orchestrator, calls: refund.calls };
  }

  it("onApproval approving with edited arguments runs the tool once, with them; the model reads the result and the edit", async () => {
    const { orchestrator, calls } = support({ approval: { when: { field: "amount", op: ">", value: 100 } } });
    const asked: PendingApproval[] = [];
    const result = await conversation(orchestrator, {
      onApproval: (task) => {
        asked.push(task);
        return { decision: "approve", arguments: { order_id: "A1", amount: 200 } };
      },
    }).send("Order A1 arrived broken, refund it.");

    expect(result.status).toBe("completed");
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ tool: "refund", ref: "code:refund", arguments: { order_id: "A1", amount: 250 }, reason: "policy", why: "amount > 100" });
    expect(asked[0]!.parameters).toMatchObject({ required: ["order_id", "amount"] });
    const events = await storedEvents(result.runId);
    const approved = events.find((e) => e.type === "tool.approved");
    expect(approved).toMatchObject({ by: "code", arguments: { order_id: "A1", amount: 200 } });
    expect(calls).toEqual([{ args: { order_id: "A1", amount: 200 }, key: `tandem-${result.runId}-${asked[0]!.callId}` }]);
    const edit = '(code changed the arguments to {"order_id":"A1","amount":200} before the call.)';
    expect(result.messages.find((m) => m.role === "tool")).toMatchObject({ name: "refund", toolCallId: asked[0]!.callId, content: `${edit}\nrefunded 200 on A1` });
    expect(result.output).toBe(`Done. ${edit}\nrefunded 200 on A1`);
  });

  it("a rejection never runs the tool and reaches the model as the tool's message", async () => {
    const { orchestrator, calls } = support({ approval: "always" });
    const result = await conversation(orchestrator, {
      onApproval: () => ({ decision: "reject", reason: "too much" }),
    }).send("Order A1 arrived broken, refund it.");
    expect(result.status).toBe("completed");
    expect(calls).toEqual([]);
    const rejection = "code rejected this call: too much. The call was not made.";
    expect(result.messages.find((m) => m.role === "tool")).toMatchObject({ name: "refund", content: rejection });
    expect(result.output).toBe(`Done. ${rejection}`);
    expect((await storedEvents(result.runId)).some((e) => e.type === "tool.started")).toBe(false);
  });

  describe("with an OpenAI model (the fake server)", () => {
    let fake: FakeOpenAI;
    beforeAll(async () => void (fake = await startFakeOpenAI()));
    afterAll(() => fake.close());

    it("the model is given the tool as a function, and gets a rejection as the tool message of its call", async () => {
      const refund = refundTool();
      const agent = new Agent({ name: "support", llm: "openai/gpt-4o-mini", tools: [refund.tool] });
      const orchestrator = new Orchestrator({ agents: [agent], rules: [{ from: "user", to: "support" }, { from: "support", to: "end" }] });
      fake.enqueue({ text: "Refunding the full amount.", toolCalls: [{ id: "call_abc", name: "refund", arguments: { order_id: "A1", amount: 250 } }] }, { text: "I could not refund it." });
      const asked: PendingApproval[] = [];
      const first = fake.calls.length;
      const result = await conversation(orchestrator, {
        registry: createRegistry({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url } }),
        onApproval: (task) => (asked.push(task), { decision: "reject", reason: "too much" }),
      }).send("Refund A1.");

      expect([result.status, result.output, refund.calls.length]).toEqual(["completed", "I could not refund it.", 0]);
      expect(asked[0]).toMatchObject({ tool: "refund", said: "Refunding the full amount." });
      const [ask, answer] = fake.calls.slice(first).map((c) => c.body as { tools?: unknown[]; messages: Record<string, unknown>[] });
      expect(ask!.tools).toEqual([{ type: "function", function: { name: "refund", description: "Refunds an order", parameters: refund.tool.spec.parameters } }]);
      // The engine's own call id, in the assistant's tool call and in the tool message that answers it.
      const callId = asked[0]!.callId;
      expect(answer!.messages.slice(-2)).toEqual([
        {
          role: "assistant",
          content: "Refunding the full amount.",
          tool_calls: [{ id: callId, type: "function", function: { name: "refund", arguments: '{"order_id":"A1","amount":250}' } }],
        },
        { role: "tool", tool_call_id: callId, content: "code rejected this call: too much. The call was not made." },
      ]);
    });
  });

  it("a call needing no approval runs without asking; an onApproval that throws cancels the run and rejects send", async () => {
    const free = support({ approval: "never" });
    let asked = 0;
    const result = await conversation(free.orchestrator, {
      onApproval: () => (asked++, { decision: "approve" }),
    }).send("Refund A1.");
    expect([result.status, asked, free.calls.length]).toEqual(["completed", 0, 1]);

    const guarded = support({ approval: "always" });
    const send = conversation(guarded.orchestrator, {
      onApproval: () => {
        throw new Error("approver unavailable");
      },
    }).send("Refund A1.");
    await expect(send).rejects.toThrow("approver unavailable");
    expect(guarded.calls).toEqual([]);
  });

  it("with onHuman only, a call waiting for approval leaves the run waiting", async () => {
    const { orchestrator, calls } = support({ approval: "always" });
    const result = await conversation(orchestrator, {
      onHuman: () => ({ text: "fine" }),
    }).send("Refund A1.");
    expect(result.status).toBe("waiting");
    expect(calls).toEqual([]);
    expect((await storedEvents(result.runId)).at(-1)).toMatchObject({ type: "tool.approval.requested", reason: "policy" });
  });
});
