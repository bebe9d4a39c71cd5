import { templateById, type Flow, type ToolCatalog, type ToolUse } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { schemaFields } from "./schemaFields.js";
import { firstCondition, lookupTool, parametersOf, setToolUses, toolGroups, toolsSummary } from "./tools.js";

const refundSchema = {
  type: "object",
  properties: {
    order_id: { type: "string", description: "The order's id" },
    amount: { type: "number", description: "Dollars" },
    reason: { type: "string" },
  },
  required: ["order_id", "amount"],
};

const catalog: ToolCatalog = {
  servers: [
    { name: "payments", transport: "stdio", status: "up", tools: [{ name: "refund", description: "Refund an order", parameters: refundSchema }] },
    { name: "library", transport: "stdio", status: "down", error: "spawn nope ENOENT", tools: [] },
  ],
  code: [{ name: "lookup", description: "Look up", parameters: { type: "object", properties: {} } }],
  http: { allow: [], allowPrivate: false, secrets: [] },
};

const httpTools: Flow["httpTools"] = [{ name: "weather", description: "Weather", method: "GET", url: "https://w.example/{{city}}", headers: {}, parameters: { type: "object" } }];

describe("lookupTool", () => {
  it("finds an MCP tool of a server that is up, an HTTP tool of the flow and a code tool", () => {
    expect(lookupTool("mcp:payments/refund", httpTools, catalog)).toEqual({ spec: catalog.servers[0]!.tools[0] });
    expect(lookupTool("http:weather", httpTools, catalog).spec?.description).toBe("Weather");
    expect(lookupTool("code:lookup", httpTools, catalog).spec?.name).toBe("lookup");
  });

  it("warns, naming the server and why, when a tool cannot be had now", () => {
    expect(lookupTool("mcp:library/search", httpTools, catalog).warning).toBe('The MCP server "library" is down: spawn nope ENOENT.');
    expect(lookupTool("mcp:crm/find", httpTools, catalog).warning).toBe('The tools configuration of this server has no MCP server "crm".');
    expect(lookupTool("mcp:payments/void", httpTools, catalog).warning).toBe('The MCP server "payments" has no tool "void".');
    expect(lookupTool("http:mail", httpTools, catalog).warning).toContain('no HTTP tool "mail"');
    expect(lookupTool("code:other", httpTools, catalog).warning).toContain('No code tool "other"');
  });

  it("does not guess about the server's tools before its catalog is known", () => {
    expect(lookupTool("mcp:payments/refund", httpTools, undefined)).toEqual({});
    expect(lookupTool("http:weather", httpTools, undefined).spec?.name).toBe("weather");
  });
});

describe("toolGroups", () => {
  it("offers each MCP server with its state, then the flow's HTTP tools, then code tools, by ref", () => {
    const groups = toolGroups(httpTools, catalog);
    expect(groups.map((g) => [g.title, g.status, g.tools.map((t) => t.ref)])).toEqual([
      ["MCP server payments", "up", ["mcp:payments/refund"]],
      ["MCP server library", "down", []],
      ["HTTP tools of this flow", undefined, ["http:weather"]],
      ["Code tools", undefined, ["code:lookup"]],
    ]);
    expect(groups[1]!.error).toBe("spawn nope ENOENT");
  });
});

describe("parametersOf", () => {
  it("reads each argument's type, whether it is required, and its description", () => {
    expect(parametersOf(refundSchema)).toEqual([
      { name: "order_id", type: "string", required: true, description: "The order's id" },
      { name: "amount", type: "number", required: true, description: "Dollars" },
      { name: "reason", type: "string", required: false },
    ]);
    expect(parametersOf({ type: "object", properties: { tier: { enum: ["gold", "basic"] }, tags: { type: "array", items: { type: "string" } } } }).map((p) => p.type)).toEqual([
      '"gold" | "basic"',
      "string[]",
    ]);
  });
});

describe("firstCondition", () => {
  it("starts on the first numeric argument, as in amount > 0", () => {
    expect(firstCondition(schemaFields(refundSchema))).toEqual({ mode: "when", path: "amount", op: ">", value: 0 });
    expect(firstCondition(schemaFields({ type: "object", properties: { q: { type: "string" } } }))).toEqual({ mode: "when", path: "q", op: "==", value: "" });
    expect(firstCondition([])).toEqual({ mode: "when", path: "", op: "==", value: "" });
  });
});

describe("tools of an agent", () => {
  const always: ToolUse = { ref: "mcp:payments/refund", approval: { mode: "always" } };
  const never: ToolUse = { ref: "mcp:payments/get_order", approval: { mode: "never" } };

  it("says how many tools and how many need a person", () => {
    expect(toolsSummary([always, never])).toBe("2 tools, 1 needs approval");
    expect(toolsSummary([never])).toBe("1 tool");
    expect(toolsSummary([always, { ...never, approval: { mode: "when", path: "amount", op: ">", value: 1 } }])).toBe("2 tools, 2 need approval");
  });

  it("drops the key when the last tool is removed", () => {
    const flow = structuredClone(templateById("research-tool")!.flow);
    const data = (f: Flow) => f.nodes.find((n) => n.id === "researcher")!.data;
    expect(data(setToolUses(flow, "researcher", []))).not.toHaveProperty("tools");
    expect((data(setToolUses(flow, "researcher", [always])) as { tools: ToolUse[] }).tools).toEqual([always]);
  });
});
