// Tool approvals in the terminal: the approve / edit / reject / answer dialog, and a run whose
// approvals are answered through the terminal driver's input.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createRegistry } from "../src/providers/registry.js";
import { Agent, Conversation, defineTool, Orchestrator } from "../src/sdk/index.js";
import { approvalCard, askApproval } from "../src/terminal/approval-prompt.js";
import type { PendingApproval } from "../src/terminal/approval-task.js";
import { withStore } from "./helpers/stored.js";
import { cleanupCli, ROOT, runCli, tempDir } from "./helpers/cli.js";
import { typed } from "./helpers/typed.js";

afterAll(cleanupCli);

const task: PendingApproval = {
  requestId: "r1",
  nodeId: "support",
  callId: "c1",
  tool: "refund",
  ref: "code:refund",
  arguments: { order_id: "A1", amount: 250 },
  parameters: { type: "object", properties: { order_id: { type: "string" }, amount: { type: "number" } }, required: ["order_id", "amount"] },
  reason: "policy",
  why: "amount > 100",
  said: "I will refund the order.",
};

describe("the approval dialog", () => {
  it("shows the tool, why it asks, what the agent said and the arguments as JSON", () => {
    expect(approvalCard(task, "support")).toBe(
      '\n── approve refund? (asks because amount > 100) ──\nsupport said: I will refund the order.\narguments:\n{\n  "order_id": "A1",\n  "amount": 250\n}\n',
    );
    expect(approvalCard({ ...task, reason: "unknown", said: "" }, "support")).toMatch(/^\n── approve refund\? \(it was under way when the run stopped .*\) ──\narguments:\n/);
  });

  it("a approves; r rejects with the reason; n answers instead of the tool", async () => {
    expect(await askApproval(task, typed("a"))).toEqual({ decision: "approve" });
    expect(await askApproval(task, typed("r", "too much"))).toEqual({ decision: "reject", reason: "too much" });
    expect(await askApproval(task, typed("reject", ""))).toEqual({ decision: "reject" });
    expect(await askApproval(task, typed("n", "refunded by hand"))).toEqual({ decision: "reject", result: "refunded by hand" });
  });

  it("edit takes one line of JSON checked against the schema: errors name the field and it asks again", async () => {
    const person = typed("e", "{not json", '{"order_id":"A1","amount":"200"}', '{"order_id":"A1"}', '{"order_id":"A1","amount":200}');
    expect(await askApproval(task, person)).toEqual({ decision: "approve", arguments: { order_id: "A1", amount: 200 } });
    expect(person.asked[2]).toMatch(/^Not JSON/);
    expect(person.asked[3]).toBe("amount: expected a number, got string; try again:\n");
    expect(person.asked[4]).toBe("amount: required; try again:\n");
  });

  it("an unknown letter asks again; Enter in edit or answer goes back to the menu; no more input decides nothing", async () => {
    const person = typed("x", "e", "", "n", "", "a");
    expect(await askApproval(task, person)).toEqual({ decision: "approve" });
    expect(person.asked[1]).toBe("Type a letter in brackets. [a]pprove, [e]dit, [r]eject, a[n]swer instead\n");
    expect(await askApproval(task, typed("r"))).toBeNull();
  });

  it("a call that may have run already (unknown) is approved as it was or answered with its result, never edited", async () => {
    const unknown = { ...task, reason: "unknown" as const };
    const person = typed("e", "n", "refunded, receipt 42");
    expect(await askApproval(unknown, person)).toEqual({ decision: "reject", result: "refunded, receipt 42" });
    expect(person.asked).toEqual([
      "[a]pprove (call it again), [r]eject, a[n]swer with its result\n",
      "A call that may have run already is retried as it was. [a]pprove (call it again), [r]eject, a[n]swer with its result\n",
      "The result the agent gets for this call of refund (Enter to go back):\n",
    ]);
  });
});

/** A terminal: what the run prints, and a way to wait until it has printed something. */
function screen() {
  let waiters: { text: string; from: number; resolve: () => void }[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      out.text += String(chunk);
      waiters = waiters.filter((w) => (out.text.indexOf(w.text, w.from) >= 0 ? (w.resolve(), false) : true));
      done();
    },
  }) as Writable & { text: string; seen: number; waitFor(text: string): Promise<void> };
  out.text = "";
  out.seen = 0;
  /** Resolves once `text` is printed after what was waited for last. */
  out.waitFor = (text) =>
    new Promise<void>((resolve) => {
      const from = out.seen;
      const done = () => {
        out.seen = out.text.indexOf(text, from) + text.length;
        resolve();
      };
      if (out.text.indexOf(text, from) >= 0) done();
      else waiters.push({ text, from, resolve: done });
    });
  return out;
}

describe("approvals asked in the terminal", () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), "tandem-term-tools-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("two calls of one turn are asked one by one: the first edited (a bad edit asked again), the second rejected with a reason", async () => {
    const refunds: unknown[] = [];
    const refund = defineTool({
      name: "refund",
      description: "Refunds an order",
      parameters: z.object({ order_id: z.string(), amount: z.number() }),
      execute: (args) => (refunds.push(args), `refunded ${args.amount} on ${args.order_id}`),
    });
    const agent = new Agent({
      name: "support",
      llm: "scripted/demo",
      script: [
        {
          calls: [
            { tool: "refund", arguments: { order_id: "A1", amount: 250 } },
            { tool: "refund", arguments: { order_id: "B2", amount: 80 } },
          ],
          reply: "All settled.",
        },
      ],
      tools: [refund],
    });
    const orchestrator = new Orchestrator({ agents: [agent], rules: [{ from: "user", to: "support" }, { from: "support", to: "end" }] });
    const input = new PassThrough();
    const out = screen();
    const sent = new Conversation({ orchestrator, dataDir: dir, registry: createRegistry({ env: {} }), input, output: out }).send("Refund A1 and B2.");

    await out.waitFor("── approve refund? (asks before every call) ──");
    await out.waitFor('arguments:\n{\n  "order_id": "A1",\n  "amount": 250\n}\n[a]pprove, [e]dit, [r]eject, a[n]swer instead\n> ');
    input.write("e\n");
    await out.waitFor("The arguments as one line of JSON (Enter to go back):\n> ");
    input.write('{"order_id":"A1","amount":"200"}\n');
    await out.waitFor("amount: expected a number, got string; try again:\n> ");
    input.write('{"order_id":"A1","amount":200}\n');

    await out.waitFor('── approve refund? (asks before every call) ──\narguments:\n{\n  "order_id": "B2",\n  "amount": 80\n}\n[a]pprove, [e]dit, [r]eject, a[n]swer instead\n> ');
    input.write("r\n");
    await out.waitFor("Why (the agent is told; Enter for no reason):\n> ");
    input.write("already refunded\n");

    const result = await sent;
    expect(result.status).toBe("completed");
    expect(refunds).toEqual([{ order_id: "A1", amount: 200 }]);
    expect(out.text).toMatch(/→ refund \{"order_id":"A1","amount":200\} · approved by terminal \(changed from \{"order_id":"A1","amount":250\}\) · \d+ ms: refunded 200 on A1\n/);
    expect(out.text).toContain('✗ refund {"order_id":"B2","amount":80} · rejected by terminal: already refunded\n');
    expect(result.messages.filter((m) => m.role === "tool").map((m) => m.content).sort()).toEqual([
      '(terminal changed the arguments to {"order_id":"A1","amount":200} before the call.)\nrefunded 200 on A1',
      "terminal rejected this call: already refunded. The call was not made.",
    ]);
    expect(out.text).toContain("✔ completed\n\nAll settled.\n");
  });

  it("input ending while a call waits for approval leaves the run waiting, and the tool uncalled", async () => {
    let called = 0;
    const wipe = defineTool({ name: "wipe", description: "", parameters: z.object({}), execute: () => String(++called) });
    const agent = new Agent({ name: "ops", llm: "scripted/demo", script: [{ calls: [{ tool: "wipe", arguments: {} }], reply: "{{result}}" }], tools: [wipe] });
    const orchestrator = new Orchestrator({ agents: [agent], rules: [{ from: "user", to: "ops" }, { from: "ops", to: "end" }] });
    const input = new PassThrough();
    const out = screen();
    const sent = new Conversation({ orchestrator, dataDir: dir, registry: createRegistry({ env: {} }), input, output: out }).send("Wipe it.");
    await out.waitFor("[a]pprove, [e]dit, [r]eject, a[n]swer instead\n> ");
    input.end();
    const result = await sent;
    expect([result.status, called]).toEqual(["waiting", 0]);
    expect(out.text).toContain(`No more input: run ${result.runId} is waiting for a person.`);
    // Only this program can run its code tool: the command line says so instead of going on.
    const resumed = await runCli(["resume", result.runId], { dataDir: dir, stdin: "a\n" });
    expect(resumed.code, resumed.stderr).toBe(2);
    expect(resumed.stderr).toContain(`tandem: run ${result.runId} cannot go on here:\nnodes[1].data.tools[0].ref: no code tool "wipe" is registered in this process`);
    expect(called).toBe(0);
    expect(await withStore(dir, (store) => store.run(result.runId))).toMatchObject({ status: "waiting" });
  });
});

describe("tandem run with a tool it cannot serve", () => {
  it("a code tool (only a program can give one) is refused naming its path, and no run is stored", async () => {
    const flow = JSON.parse(readFileSync(join(ROOT, "examples/hitl-review.flow.json"), "utf8")) as { nodes: { type: string; data: Record<string, unknown> }[] };
    const writer = flow.nodes.findIndex((n) => n.type === "agent");
    flow.nodes[writer]!.data.tools = [{ ref: "code:refund", approval: { mode: "always" } }];
    const file = join(tempDir(), "code-tool.json");
    writeFileSync(file, JSON.stringify(flow));
    const data = tempDir();
    const r = await runCli(["run", file, "--input", "x"], { dataDir: data });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `tandem: invalid flow ${file}:`,
      `nodes[${writer}].data.tools[0].ref: no code tool "refund" is registered in this process (code tools run where the SDK gives them)`,
    ]);
    expect((await withStore(data, (store) => store.listRuns())).runs).toEqual([]);
  });
});
