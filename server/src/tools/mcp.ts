// The configured MCP servers, each behind one client of the official SDK (stdio or Streamable
// HTTP): connected on first use, connected again after its server went away, and every failure
// turned into a ToolError that names the server.
import type { ToolSpec } from "@tandem/shared";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, McpError, ToolListChangedNotificationSchema, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { fillSecrets, isStdio, type McpServerConfig, type ToolsConfig } from "./config.js";
import { ToolError, type CallOptions, type McpServerStatus, type ToolOutcome } from "./types.js";

/** Where an MCP call carries its idempotency key: the request's _meta. */
export const IDEMPOTENCY_META = "tandem/idempotency-key";

export interface McpPoolOptions {
  /** How long starting and connecting to a server, or listing its tools, may take (default 10000 ms: a cold Node server on a busy machine takes seconds). */
  startTimeoutMs?: number;
}

interface Connection {
  client: Client;
  ready: Promise<void>;
  /** The tools as last listed; cleared when the server says they changed. */
  tools?: ToolSpec[];
  /** The end of a stdio server's stderr: what tells why it would not start or stopped. */
  stderr: string;
  /** The secret values given to this server, masked wherever its stderr is quoted. */
  secrets: string[];
  /** Set once the transport starts: resolves when it has closed (a stdio server's process has exited). */
  closed?: Promise<void>;
}

const STDERR_KEPT = 4096;

export class McpPool {
  private readonly connections = new Map<string, Connection>();
  private closed = false;
  private readonly startTimeoutMs: number;

  constructor(
    private readonly config: Pick<ToolsConfig, "mcpServers" | "secret">,
    options: McpPoolOptions = {},
  ) {
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
  }

  /** Whether the configuration defines this server (it may still be down). */
  has(server: string): boolean {
    return Object.hasOwn(this.config.mcpServers, server);
  }

  /** Every configured server with its tools listed now, or "down" with why; never throws. */
  list(): Promise<McpServerStatus[]> {
    return Promise.all(
      Object.entries(this.config.mcpServers).map(async ([name, server]): Promise<McpServerStatus> => {
        const transport = isStdio(server) ? "stdio" : "http";
        try {
          const connection = await this.connection(name);
          return { name, transport, status: "up", tools: await this.listTools(name, connection) };
        } catch (e) {
          return { name, transport, status: "down", error: (e as Error).message, tools: [] };
        }
      }),
    );
  }

  /** A server's tools (as listed last while it stays connected); throws ToolError("unavailable"). */
  async tools(server: string): Promise<ToolSpec[]> {
    const connection = await this.connection(server);
    return connection.tools ?? this.listTools(server, connection);
  }

  async call(server: string, tool: string, args: unknown, options: CallOptions): Promise<ToolOutcome> {
    const connection = await this.connection(server);
    // The SDK never removes the listener it adds to a request's signal: it gets one of its own, so
    // that a run's signal shared by many calls does not collect them.
    const own = new AbortController();
    const forward = () => own.abort(options.signal.reason);
    if (options.signal.aborted) forward();
    else options.signal.addEventListener("abort", forward);
    try {
      const result = (await connection.client.callTool(
        { name: tool, arguments: args as Record<string, unknown>, _meta: { [IDEMPOTENCY_META]: options.idempotencyKey } },
        undefined,
        { timeout: options.timeoutMs, signal: own.signal },
      )) as CallToolResult;
      return outcome(result);
    } catch (e) {
      // The caller's own abort is theirs to explain (the SDK wraps it); the server was told to stop.
      if (options.signal.aborted) throw options.signal.reason;
      if (e instanceof McpError && e.code === ErrorCode.RequestTimeout) {
        throw new ToolError("timeout", `MCP tool "${server}/${tool}" gave no answer within ${options.timeoutMs} ms; the call was cancelled`);
      }
      // An error the server answered with: it is still there.
      if (e instanceof McpError && e.code !== ErrorCode.ConnectionClosed) throw new ToolError("error", `MCP server "${server}": ${e.message}`);
      // The server or the way to it is gone: the next use connects again.
      await this.drop(server, connection);
      throw new ToolError("unavailable", `MCP server "${server}" went away during the call: ${(e as Error).message}${quoted(connection)}`);
    } finally {
      options.signal.removeEventListener("abort", forward);
    }
  }

  /** Ends every client; a stdio server's process has exited when this resolves. */
  async close(): Promise<void> {
    this.closed = true;
    const open = [...this.connections.entries()];
    await Promise.all(open.map(([name, c]) => c.ready.then(() => this.drop(name, c), () => {})));
  }

  private async connection(name: string): Promise<Connection> {
    const server = this.has(name) ? this.config.mcpServers[name] : undefined;
    if (!server) {
      const known = Object.keys(this.config.mcpServers);
      throw new ToolError("unavailable", `no MCP server "${name}" is configured (${known.length ? `configured: ${known.join(", ")}` : "none are"})`);
    }
    if (this.closed) throw new ToolError("unavailable", `MCP server "${name}": the server's tools are closed`);
    let connection = this.connections.get(name);
    if (!connection) {
      connection = this.open(name, server);
      this.connections.set(name, connection);
    }
    await connection.ready;
    return connection;
  }

  private open(name: string, server: McpServerConfig): Connection {
    const client = new Client({ name: "tandem", version: "1.0.0" });
    const connection: Connection = { client, ready: Promise.resolve(), stderr: "", secrets: [] };
    let closed: () => void;
    client.onclose = () => {
      if (this.connections.get(name) === connection) this.connections.delete(name);
      closed();
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      connection.tools = undefined;
    });
    connection.ready = (async () => {
      try {
        const transport = this.transport(server, connection);
        connection.closed = new Promise((resolve) => (closed = resolve));
        await client.connect(transport, { timeout: this.startTimeoutMs });
      } catch (e) {
        await this.drop(name, connection);
        throw new ToolError("unavailable", `MCP server "${name}" is down: ${(e as Error).message}${quoted(connection)}`);
      }
    })();
    return connection;
  }

  private transport(server: McpServerConfig, connection: Connection): Transport {
    const fill = (values: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => {
          const filled = fillSecrets(v, this.config);
          if (filled !== v) connection.secrets.push(filled);
          return [k, filled];
        }),
      );
    if (!isStdio(server)) return new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: fill(server.headers) } });
    const transport = new StdioClientTransport({ command: server.command, args: server.args, env: fill(server.env), cwd: server.cwd, stderr: "pipe" });
    transport.stderr?.on("data", (chunk: Buffer) => {
      connection.stderr = (connection.stderr + chunk.toString("utf8")).slice(-STDERR_KEPT);
    });
    return transport;
  }

  private async listTools(name: string, connection: Connection): Promise<ToolSpec[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await connection.client.listTools(cursor ? { cursor } : undefined, { timeout: this.startTimeoutMs });
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
    } catch (e) {
      await this.drop(name, connection);
      throw new ToolError("unavailable", `MCP server "${name}" did not list its tools: ${(e as Error).message}${quoted(connection)}`);
    }
    connection.tools = tools.map(toSpec);
    return connection.tools;
  }

  /** Forgets a connection and ends its client (and so its process). */
  private async drop(name: string, connection: Connection): Promise<void> {
    if (this.connections.get(name) === connection) this.connections.delete(name);
    // The SDK may already be closing it (a failed start): either way, wait for the end.
    await connection.client.close().catch(() => {});
    await connection.closed;
    // Lets the last of a stopped process's stderr arrive before it is quoted.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function toSpec(tool: Tool): ToolSpec {
  // The JSON Schema dialect marker says nothing to a model.
  const { $schema: _dialect, ...parameters } = tool.inputSchema as Record<string, unknown>;
  return { name: tool.name, description: tool.description ?? tool.title ?? "", parameters };
}

/** The text the model reads: the text parts, else the structured content as JSON. */
function outcome(result: CallToolResult): ToolOutcome {
  const texts = result.content.flatMap((part) => (part.type === "text" ? [part.text] : []));
  const content = texts.length || result.structuredContent === undefined ? texts.join("\n") : JSON.stringify(result.structuredContent);
  return result.isError ? { content, isError: true } : { content };
}

/** " (stderr: <the last line that tells of an error>)", secrets masked; "" when the server said nothing. */
function quoted(connection: Connection): string {
  const lines = connection.stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  let line = lines.findLast((l) => /error/i.test(l)) ?? lines.at(-1);
  if (!line) return "";
  for (const secret of connection.secrets) line = line.replaceAll(secret, "***");
  return ` (stderr: ${line.slice(0, 300)})`;
}
