// The ToolBox a process gets from its operator's tools configuration: the configured MCP servers
// (connected on first use), HTTP tools under the configured policy and secrets, and the code
// tools this process was given (the SDK's).
import type { ToolsConfig } from "./config.js";
import { httpPart } from "./http-tool.js";
import { McpPool } from "./mcp.js";
import { createToolBox, type CodePart } from "./toolbox.js";
import type { ToolBox } from "./types.js";

export function toolsFromConfig(config: ToolsConfig, code?: CodePart): ToolBox {
  return createToolBox({
    mcp: new McpPool(config),
    http: httpPart(config.http, { names: config.secrets, secret: (name) => config.secret(name) }),
    ...(code ? { code } : {}),
  });
}
