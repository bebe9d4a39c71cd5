// A made-up run of a refund agent that calls two tools in one turn: a lookup that needs no
// approval and a refund that waits for a person (amount > 100), then, optionally, the person
// changes the amount and approves, and the refund runs. For the unit tests of tool calls.
import { FLOW_SCHEMA_VERSION, type Flow, type RunEvent, type RunEventBody } from "@tandem/shared";

export const refundParameters = {
  type: "object",
  properties: {
    amount: { type: "number", description: "Dollars to give back" },
    order: { type: "string", description: "The order's id" },
  },
  required: ["amount", "order"],
  additionalProperties: false,
};

export const refundFlow: Flow = {
  schemaVersion: FLOW_SCHEMA_VERSION,
  name: "Refunds",
  nodes: [
    { id: "user", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } },
    {
      id: "agent",
      type: "agent",
      position: { x: 200, y: 0 },
      data: {
        name: "refunder",
        model: "openai/gpt-4o-mini",
        systemMessage: "Refund what is asked.",
        tools: [
          { ref: "mcp:payments/refund", approval: { mode: "when", path: "amount", op: ">", value: 100 } },
          { ref: "mcp:payments/lookup", approval: { mode: "never" } },
        ],
      },
    },
    { id: "end", type: "end", position: { x: 400, y: 0 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e1", source: "user", target: "agent", data: {} },
    { id: "e2", source: "agent", target: "end", data: {} },
  ],
} as Flow;

/** Up to the refund waiting for a person; with `decided`, through Tess's edit and the refund's result. */
export function refundRun({ decided = false } = {}): RunEvent[] {
  const bodies: RunEventBody[] = [
    { type: "run.started", runId: "r1", flow: refundFlow, input: "Refund $250 on A1", options: {} },
    { type: "node.started", nodeId: "user", visit: 1, attempt: 1 },
    { type: "message", nodeId: "user", role: "user", name: "user", content: "Refund $250 on A1" },
    { type: "route.taken", from: "user", to: "agent", edgeId: "e1", reason: "always" },
    { type: "node.started", nodeId: "agent", visit: 1, attempt: 1 },
    { type: "llm.request", nodeId: "agent", callId: "m1", model: "openai/gpt-4o-mini", params: {}, system: "", messageCount: 1 },
    {
      type: "llm.response",
      nodeId: "agent",
      callId: "m1",
      content: "I will check the order and refund it.",
      latencyMs: 4,
      retries: 0,
      toolCalls: [
        { id: "c1", name: "lookup", arguments: '{"order":"A1"}' },
        { id: "c2", name: "refund", arguments: '{"amount":250,"order":"A1"}' },
      ],
    },
    { type: "tool.requested", nodeId: "agent", callId: "c1", ref: "mcp:payments/lookup", tool: "lookup", arguments: { order: "A1" }, parameters: { type: "object", properties: { order: { type: "string" } } }, approval: "none", why: "never" },
    { type: "tool.requested", nodeId: "agent", callId: "c2", ref: "mcp:payments/refund", tool: "refund", arguments: { amount: 250, order: "A1" }, parameters: refundParameters, approval: "required", why: "amount > 100" },
    { type: "tool.approval.requested", nodeId: "agent", callId: "c2", requestId: "q2", reason: "policy" },
    { type: "tool.started", nodeId: "agent", callId: "c1", idempotencyKey: "tandem-r1-c1", attempt: 1 },
    { type: "tool.result", nodeId: "agent", callId: "c1", content: "Order A1: $250, paid", durationMs: 12 },
  ];
  if (decided) {
    bodies.push(
      { type: "tool.approved", nodeId: "agent", callId: "c2", requestId: "q2", by: "Tess", key: "k1", arguments: { amount: 200, order: "A1" } },
      { type: "tool.started", nodeId: "agent", callId: "c2", idempotencyKey: "tandem-r1-c2", attempt: 1 },
      { type: "tool.result", nodeId: "agent", callId: "c2", content: "Refunded $200 on A1", durationMs: 30 },
    );
  }
  return bodies.map((b, i) => ({ ...b, seq: i + 1, at: 1000 + i }) as RunEvent);
}
