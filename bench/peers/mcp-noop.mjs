// A no-op MCP server over stdio, written with the official SDK: one tool, `noop`, answering "ok".
// What every tool-call benchmark calls, so their figures differ only by what sits around the call.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const server = new McpServer({ name: "bench", version: "1.0.0" });
server.registerTool("noop", { description: "Does nothing and answers ok." }, async () => ({ content: [{ type: "text", text: "ok" }] }));
await server.connect(new StdioServerTransport());
