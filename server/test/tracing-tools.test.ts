// A tool call's spans: "execute_tool <tool>" in the agent's visit, with the wait for a person's
// approval as its child (a code tool, the scripted model, a real SQLite file, a real collector).
import { SPAN_KEY, spanIdOf, traceIdOf, type EventOf } from "@tandem/shared";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { openRuntime, type Runtime } from "../src/runtime.js";
import { defineTool } from "../src/sdk/index.js";
import { CodeTools } from "../src/tools/code.js";
import { loadTraceConfig } from "../src/tracing/config.js";
import { tempDir } from "./helpers/cli.js";
import { otlpReceiver, type OtlpReceiver } from "./helpers/otlp-receiver.js";
import { eventually } from "./helpers/runs-api.js";

const refund = defineTool({
  name: "refund",
  description: "Refunds an order",
  parameters: z.object({ order_id: z.string(), amount: z.number() }),
  execute: ({ order_id, amount }) => `refunded ${amount} on ${order_id}`,
});

const FLOW = {
  schemaVersion: 2,
  name: "Refunds",
  nodes: [
    { id: "start", type: "start" },
    {
      id: "clerk",
      type: "agent",
      data: {
        name: "clerk",
        model: "scripted/demo",
        tools: [{ ref: "code:refund", approval: { mode: "always" } }],
        script: [{ calls: [{ tool: "refund", arguments: { order_id: "A1", amount: 250 } }], reply: "Done: {{result}}" }],
      },
    },
    { id: "end", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "clerk" },
    { id: "e2", source: "clerk", target: "end" },
  ],
};

let otlp: OtlpReceiver;
let runtime: Runtime;
beforeAll(async () => {
  otlp = await otlpReceiver([200]);
  runtime = await openRuntime({
    dataDir: tempDir(),
    registry: { env: {} },
    codeTools: new CodeTools([refund]),
    tracing: { config: loadTraceConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlp.url }), exporter: { flushMs: 50 } },
  });
});
afterAll(async () => {
  await runtime?.close();
  await otlp?.close();
});

test("the tool call is a span in the visit, its approval a span in the call", async () => {
  const run = await runtime.engine.start(checkFlowDocument(FLOW), "refund order A1");
  const asked = await eventually(async () => (await runtime.events.events(run.id)).find((e): e is EventOf<"tool.approval.requested"> => e.type === "tool.approval.requested"), 10_000, "the approval request");
  await run.decide(asked.requestId, { decision: "approve" }, "ann");
  const spans = (await otlp.until((all) => all.some((s) => s.traceId === traceIdOf(run.id) && !s.parentSpanId))).filter((s) => s.traceId === traceIdOf(run.id));
  const visit = spans.find((s) => s.name === "invoke_agent clerk")!;
  const tool = spans.find((s) => s.name === "execute_tool refund")!;
  const approval = spans.find((s) => s.name === "approval")!;
  expect(tool.spanId).toBe(spanIdOf(run.id, SPAN_KEY.tool(asked.callId)));
  expect(tool.parentSpanId).toBe(visit.spanId);
  expect(tool.attributes).toMatchObject({ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "refund", "gen_ai.tool.call.id": asked.callId, "tandem.tool.outcome": "result" });
  expect(tool.attributes).not.toHaveProperty("gen_ai.tool.call.arguments");
  expect(tool.status.code).toBe(1);
  expect(approval.parentSpanId).toBe(tool.spanId);
  expect(approval.attributes).toMatchObject({ "tandem.approval.decision": "approved", "tandem.answered_by": "ann" });
  expect(approval.start >= tool.start && approval.end <= tool.end).toBe(true);
  // The model call that asked for the tool, then the one that answered with its result.
  const chats = spans.filter((s) => s.name === "chat demo");
  expect(chats.map((s) => s.attributes["gen_ai.response.finish_reasons"])).toEqual([["tool_calls"], ["stop"]]);
  for (const chat of chats) expect(chat.parentSpanId).toBe(visit.spanId);
});
