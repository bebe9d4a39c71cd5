// The ToolBox a process gets from its operator's tools configuration: the configured MCP servers
// (connected on first use), HTTP tools under the configured policy and secrets, and the code
// tools this process was given (the SDK's).
import type { ToolsConfig } from "./config.js";
import { httpPart } from "./http-tool.js";
import type { McpPool } from "./mcp.js";
import { createToolBox, type CodePart, type McpPart } from "./toolbox.js";
import type { ToolBox } from "./types.js";

export function toolsFromConfig(config: ToolsConfig, code?: CodePart): ToolBox {
  return createToolBox({
    mcp: lazyMcp(config),
    http: httpPart(config.http, { names: config.secrets, secret: (name) => config.secret(name) }),
    ...(code ? { code } : {}),
  });
}

const START_TIMEOUT_MS = 20_000;

/** The MCP SDK is loaded on the first MCP use, so that commands that make none start fast. */
function lazyMcp(config: ToolsConfig): McpPart {
  let pool: Promise<McpPool> | undefined;
  // A cold Node server on a busy machine can take many seconds to start.
  const open = () => (pool ??= import("./mcp.js").then((m) => new m.McpPool(config, { startTimeoutMs: START_TIMEOUT_MS })));
  return {
    has: (server) => Object.hasOwn(config.mcpServers, server),
    tools: async (server) => (await open()).tools(server),
    call: async (server, tool, args, options) => (await open()).call(server, tool, args, options),
    list: async () => (await open()).list(),
    close: async () => {
      if (pool) await (await pool).close();
    },
  };
}
