// The flow the tool tests over HTTP run: one agent whose offline script refunds an order through
// the demo MCP server's payments tools, then answers with the tool's result.
export function refundFlow(tools: unknown[], refund: { order_id: string; amount: number }) {
  return {
    schemaVersion: 2,
    name: "Refund",
    nodes: [
      { id: "start", type: "start" },
      {
        id: "agent",
        type: "agent",
        data: { name: "agent", model: "scripted/demo", tools, script: [{ calls: [{ tool: "refund", arguments: refund }], reply: "{{result}}" }] },
      },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "agent" },
      { id: "e2", source: "agent", target: "end" },
    ],
  };
}
