import type { Flow, HttpTool } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { addHttpTool, headersText, parseHeaders, removeHttpTool, setHttpTool } from "./httpTools.js";

const tool = (name: string): HttpTool => ({ name, description: "", method: "GET", url: "https://x.example/", headers: {}, parameters: { type: "object" } });

const flow = (tools: HttpTool[], refs: string[]): Flow => ({
  schemaVersion: 2,
  name: "f",
  maxSteps: 10,
  nodes: [{ id: "a", type: "agent", position: { x: 0, y: 0 }, data: { name: "a", model: "m", systemMessage: "", tools: refs.map((ref) => ({ ref, approval: { mode: "always" } })) } }],
  edges: [],
  httpTools: tools,
});

const refs = (f: Flow) => (f.nodes[0]!.type === "agent" ? f.nodes[0]!.data.tools!.map((u) => u.ref) : []);

describe("HTTP tool edits", () => {
  it("adds tools under names not taken, and drops the key with the last one", () => {
    const one = addHttpTool(flow([], []));
    const two = addHttpTool(one);
    expect(two.httpTools!.map((t) => t.name)).toEqual(["http_tool", "http_tool_2"]);
    expect(removeHttpTool(one, 0)).not.toHaveProperty("httpTools");
  });

  it("carries a rename to every agent that used the tool", () => {
    const renamed = setHttpTool(flow([tool("orders"), tool("mail")], ["http:orders", "http:mail", "mcp:x/orders"]), 0, tool("order_lookup"));
    expect(renamed.httpTools!.map((t) => t.name)).toEqual(["order_lookup", "mail"]);
    expect(refs(renamed)).toEqual(["http:order_lookup", "http:mail", "mcp:x/orders"]);
  });

  it("leaves the refs alone while another tool still has the old name", () => {
    const renamed = setHttpTool(flow([tool("orders"), tool("orders")], ["http:orders"]), 1, tool("other"));
    expect(refs(renamed)).toEqual(["http:orders"]);
  });
});

describe("headers as text", () => {
  it("reads Name: value lines, keeping colons in the value, and writes them back", () => {
    const text = "Authorization: Bearer {{secret.KEY}}\n\nX-Time: 10:30";
    const parsed = parseHeaders(text);
    expect(parsed).toEqual({ value: { Authorization: "Bearer {{secret.KEY}}", "X-Time": "10:30" } });
    expect(headersText((parsed as { value: Record<string, string> }).value)).toBe("Authorization: Bearer {{secret.KEY}}\nX-Time: 10:30");
  });

  it("names the line that is not a header", () => {
    expect(parseHeaders("Accept: text/plain\nno colon here")).toEqual({ error: 'line 2: expected "Name: value"' });
    expect(parseHeaders(": empty name")).toEqual({ error: 'line 1: expected "Name: value"' });
    expect(parseHeaders("A: 1\nA: 2")).toEqual({ error: "line 2: the header A is given twice" });
  });
});
