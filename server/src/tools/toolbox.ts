// The tools of this process in one place: MCP servers and HTTP policy from the server's
// configuration, HTTP tools from the flow, and code tools given through the SDK. The engine
// sees only the ToolBox; every call has its time limit enforced here, whatever serves it.
import { parseToolRef, type Flow, type FlowNode, type HttpTool, type ToolSpec } from "@tandem/shared";
import { ToolError, type CallOptions, type McpServerStatus, type ToolBox, type ToolCatalog, type ToolOutcome } from "./types.js";

/** The MCP servers of the configuration (see mcp.ts). */
export interface McpPart {
  has(server: string): boolean;
  tools(server: string): Promise<ToolSpec[]>;
  call(server: string, tool: string, args: unknown, options: CallOptions): Promise<ToolOutcome>;
  list(): Promise<McpServerStatus[]>;
  close(): Promise<void>;
}

/** How HTTP tools are sent (see http-tool.ts): the configuration's policy and secrets. */
export interface HttpPart {
  call(def: HttpTool, args: unknown, options: CallOptions): Promise<ToolOutcome>;
  allow: string[];
  allowPrivate: boolean;
  secrets: string[];
}

/** Tools given in code (see code.ts). */
export interface CodePart {
  spec(name: string): ToolSpec | undefined;
  call(name: string, args: unknown, options: CallOptions): Promise<ToolOutcome>;
  list(): ToolSpec[];
}

export interface ToolParts {
  mcp?: McpPart;
  http?: HttpPart;
  code?: CodePart;
}

const httpToolOf = (flow: Flow, name: string) => flow.httpTools?.find((t) => t.name === name);

export function createToolBox(parts: ToolParts = {}): ToolBox {
  const { mcp, http, code } = parts;

  /** Why the ref cannot be served here, or undefined when it can. */
  function unavailable(ref: string, flow: Flow): string | undefined {
    const parsed = parseToolRef(ref);
    if (!parsed) return `"${ref}" is not a tool reference`;
    if (parsed.kind === "mcp") return mcp?.has(parsed.server) ? undefined : `MCP server "${parsed.server}" is not in this server's tools configuration`;
    if (parsed.kind === "http") {
      if (!httpToolOf(flow, parsed.name)) return `the flow defines no HTTP tool "${parsed.name}"`;
      return http ? undefined : "HTTP tools are not enabled on this server";
    }
    return code?.spec(parsed.name) ? undefined : `no code tool "${parsed.name}" is registered in this process (code tools run where the SDK gives them)`;
  }

  async function spec(ref: string, flow: Flow): Promise<ToolSpec> {
    const why = unavailable(ref, flow);
    if (why) throw new ToolError("unavailable", why);
    const parsed = parseToolRef(ref)!;
    if (parsed.kind === "mcp") {
      const found = (await mcp!.tools(parsed.server)).find((t) => t.name === parsed.tool);
      if (!found) throw new ToolError("unavailable", `MCP server "${parsed.server}" has no tool "${parsed.tool}"`);
      return found;
    }
    if (parsed.kind === "http") {
      const def = httpToolOf(flow, parsed.name)!;
      return { name: def.name, description: def.description, parameters: def.parameters };
    }
    return code!.spec(parsed.name)!;
  }

  function call(ref: string, flow: Flow, args: unknown, options: CallOptions): Promise<ToolOutcome> {
    const why = unavailable(ref, flow);
    if (why) return Promise.reject(new ToolError("unavailable", why));
    const parsed = parseToolRef(ref)!;
    return withDeadline(options, (o) => {
      if (parsed.kind === "mcp") return mcp!.call(parsed.server, parsed.tool, args, o);
      if (parsed.kind === "http") return http!.call(httpToolOf(flow, parsed.name)!, args, o);
      return code!.call(parsed.name, args, o);
    });
  }

  return {
    spec,
    call,
    missing(flow) {
      const out: { ref: string; message: string; path: string }[] = [];
      flow.nodes.forEach((node: FlowNode, i) => {
        if (node.type !== "agent") return;
        (node.data.tools ?? []).forEach((use, j) => {
          const why = unavailable(use.ref, flow);
          if (why) out.push({ ref: use.ref, message: why, path: `nodes[${i}].data.tools[${j}].ref` });
        });
      });
      return out;
    },
    async list(): Promise<ToolCatalog> {
      return {
        servers: mcp ? await mcp.list() : [],
        code: code?.list() ?? [],
        http: { allow: http?.allow ?? [], allowPrivate: http?.allowPrivate ?? false, secrets: http?.secrets ?? [] },
      };
    },
    close: async () => {
      await mcp?.close();
    },
  };
}

/** Runs the call under its time limit: a tool that ignores its signal still ends the wait. */
async function withDeadline(options: CallOptions, run: (o: CallOptions) => Promise<ToolOutcome>): Promise<ToolOutcome> {
  const limit = new AbortController();
  const signal = AbortSignal.any([options.signal, limit.signal]);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      limit.abort(new ToolError("timeout", `no result after ${options.timeoutMs} ms (the tool's timeout)`));
      reject(limit.signal.reason);
    }, options.timeoutMs);
  });
  try {
    return await Promise.race([run({ ...options, signal }), timedOut]);
  } catch (e) {
    // The tool saw its signal abort: report the time limit, not the abort it caused.
    if (limit.signal.aborted && !options.signal.aborted) throw limit.signal.reason;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
