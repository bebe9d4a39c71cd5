// Tools given in code (the SDK's defineTool): a zod schema the model's arguments must fit and a
// function that acts. Only the process that registered a tool can call it ("code:<name>").
import { z } from "zod";
import { TOOL_NAME, type ToolSpec } from "@tandem/shared";
import { ToolError, type CallOptions, type ToolOutcome } from "./types.js";

/** What a tool's function is given beside its arguments. */
export interface ToolContext {
  /** The same for every attempt of one call (tandem-<run>-<call>): pass it on so a retry acts once. */
  idempotencyKey: string;
  /** Aborted when the call times out or the run is cancelled. */
  signal: AbortSignal;
}

export interface ToolDefinition<S extends z.ZodObject> {
  name: string;
  description: string;
  parameters: S;
  /** A string goes to the model as is; anything else as JSON. */
  execute(args: z.infer<S>, context: ToolContext): unknown;
}

export interface CodeTool {
  readonly name: string;
  readonly spec: ToolSpec;
  /** Checks the arguments against the schema, then runs the tool. */
  run(args: unknown, context: ToolContext): Promise<ToolOutcome>;
}

/** Where in the arguments zod found a problem, and what: "amount: expected number". */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "arguments"}: ${i.message}`).join("; ");
}

export function defineTool<S extends z.ZodObject>(definition: ToolDefinition<S>): CodeTool {
  const { name, description, parameters, execute } = definition;
  if (!TOOL_NAME.test(name)) throw new Error(`defineTool name "${name}": letters, digits, _ and - only (at most 64)`);
  const { $schema: _, ...schema } = z.toJSONSchema(parameters) as Record<string, unknown>;
  return {
    name,
    spec: { name, description, parameters: schema },
    async run(args, context) {
      const parsed = parameters.safeParse(args);
      if (!parsed.success) throw new ToolError("error", `invalid arguments: ${describeIssues(parsed.error)}`);
      const value: unknown = await execute(parsed.data, context);
      return { content: typeof value === "string" ? value : (JSON.stringify(value) ?? "") };
    },
  };
}

/** The code tools of this process, by name. */
export class CodeTools {
  private readonly tools = new Map<string, CodeTool>();

  constructor(tools: readonly CodeTool[] = []) {
    for (const tool of tools) this.register(tool);
  }

  /** Adds a tool; the same tool twice is fine, two tools of one name are not. */
  register(tool: CodeTool): void {
    const known = this.tools.get(tool.name);
    if (known && known !== tool) throw new Error(`two code tools are named "${tool.name}"`);
    this.tools.set(tool.name, tool);
  }

  list(): ToolSpec[] {
    return [...this.tools.values()].map((t) => t.spec);
  }

  /** What the model is told of the tool; undefined when this process has no tool of that name. */
  spec(name: string): ToolSpec | undefined {
    return this.tools.get(name)?.spec;
  }

  /** Runs the tool within the call's time; a timeout or cancel aborts its signal and gives a ToolError. */
  async call(name: string, args: unknown, o: CallOptions): Promise<ToolOutcome> {
    const tool = this.tools.get(name);
    if (!tool) throw new ToolError("unavailable", `no code tool "${name}" is registered in this process (code tools run only in the program that defines them)`);
    if (o.signal.aborted) throw new ToolError("error", `code tool "${name}" was cancelled`);
    const timeout = new AbortController();
    const signal = AbortSignal.any([o.signal, timeout.signal]);
    let stop = () => {};
    // A tool that ignores its signal still loses the race: the run goes on without its result.
    const stopped = new Promise<never>((_, reject) => {
      stop = () =>
        reject(o.signal.aborted ? new ToolError("error", `code tool "${name}" was cancelled`) : new ToolError("timeout", `code tool "${name}" took longer than ${o.timeoutMs / 1000} s`));
    });
    signal.addEventListener("abort", stop, { once: true });
    const timer = setTimeout(() => timeout.abort(), o.timeoutMs);
    try {
      return await Promise.race([tool.run(args, { idempotencyKey: o.idempotencyKey, signal }), stopped]);
    } catch (e) {
      if (e instanceof ToolError) throw e;
      throw new ToolError("error", e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
    }
  }
}
