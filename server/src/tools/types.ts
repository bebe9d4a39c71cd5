// What the engine needs to call tools, whatever serves them: MCP servers, HTTP requests or code.
import type { Flow, ToolCatalog, ToolSpec } from "@tandem/shared";

/** What a call gave back: the text the model reads; isError when the tool reported a failure. */
export interface ToolOutcome {
  content: string;
  isError?: boolean;
}

/** A call that could not give a result: it ran out of time, its server is not there, or it failed. */
export class ToolError extends Error {
  constructor(
    readonly code: "timeout" | "unavailable" | "error",
    message: string,
  ) {
    super(message);
    this.name = "ToolError";
  }
}

export interface CallOptions {
  /** Sent with the call so that a retry of it is recognised by the tool (tandem-<run>-<call>). */
  idempotencyKey: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export type { McpServerStatus, ToolCatalog } from "@tandem/shared";

/** The tools of this process: how the engine describes and calls a tool a flow names. */
export interface ToolBox {
  /** What the model is told of the tool; throws ToolError("unavailable") when it cannot be had. */
  spec(ref: string, flow: Flow): Promise<ToolSpec>;
  call(ref: string, flow: Flow, args: unknown, options: CallOptions): Promise<ToolOutcome>;
  /** The tools a flow names that this server cannot serve, each with why (refused with 422 at start). */
  missing(flow: Flow): { ref: string; message: string; path: string }[];
  list(): Promise<ToolCatalog>;
  close(): Promise<void>;
}
