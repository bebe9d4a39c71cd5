// An agent's tools as the inspector edits them, and what a tool ref stands for given the flow and
// the server's catalog: its spec, or a warning when its server is down or it is nowhere to be had.
import { parseToolRef, type ApprovalPolicy, type Flow, type HttpTool, type ToolCatalog, type ToolSpec, type ToolUse } from "@tandem/shared";
import { updateNodeData } from "./edits.js";
import { firstValue, type SchemaField } from "./schemaFields.js";

export function setToolUses(flow: Flow, nodeId: string, tools: ToolUse[]): Flow {
  return updateNodeData(flow, nodeId, { tools: tools.length ? tools : undefined });
}

/** A newly chosen tool asks a person before every call, as the flow contract defaults to. */
export const newToolUse = (ref: string): ToolUse => ({ ref, approval: { mode: "always" } });

type HttpTools = Flow["httpTools"];

const httpSpec = (t: HttpTool): ToolSpec => ({ name: t.name, description: t.description, parameters: t.parameters });

/** What a ref stands for: its spec when known, and a warning when it cannot be called now. */
export function lookupTool(ref: string, httpTools: HttpTools, catalog: ToolCatalog | undefined): { spec?: ToolSpec; warning?: string } {
  const parsed = parseToolRef(ref);
  if (!parsed) return {};
  if (parsed.kind === "http") {
    const tool = httpTools?.find((t) => t.name === parsed.name);
    return tool ? { spec: httpSpec(tool) } : { warning: `This flow has no HTTP tool "${parsed.name}": define it in the flow settings (click the canvas background).` };
  }
  // Without the catalog the picker says why; the list does not guess.
  if (!catalog) return {};
  if (parsed.kind === "code") {
    const spec = catalog.code.find((t) => t.name === parsed.name);
    return spec ? { spec } : { warning: `No code tool "${parsed.name}" is registered with this server: only a program that gives it with defineTool can run this agent.` };
  }
  const server = catalog.servers.find((s) => s.name === parsed.server);
  if (!server) return { warning: `The tools configuration of this server has no MCP server "${parsed.server}".` };
  if (server.status === "down") return { warning: `The MCP server "${server.name}" is down${server.error ? `: ${server.error}` : ""}.` };
  const spec = server.tools.find((t) => t.name === parsed.tool);
  return spec ? { spec } : { warning: `The MCP server "${server.name}" has no tool "${parsed.tool}".` };
}

export interface ToolGroup {
  title: string;
  /** An MCP server's state; other groups have none. */
  status?: "up" | "down";
  error?: string;
  tools: { ref: string; spec: ToolSpec }[];
  /** What an empty group says. */
  empty: string;
}

/** What the picker offers: each MCP server's tools, then the flow's HTTP tools, then code tools (only the HTTP tools without the catalog). */
export function toolGroups(httpTools: HttpTools, catalog: ToolCatalog | undefined): ToolGroup[] {
  const servers: ToolGroup[] = (catalog?.servers ?? []).map((s) => ({
    title: `MCP server ${s.name}`,
    status: s.status,
    ...(s.error ? { error: s.error } : {}),
    tools: s.tools.map((spec) => ({ ref: `mcp:${s.name}/${spec.name}`, spec })),
    empty: s.status === "up" ? "It offers no tools." : "Its tools show once it is up.",
  }));
  const http: ToolGroup = {
    title: "HTTP tools of this flow",
    tools: (httpTools ?? []).map((t) => ({ ref: `http:${t.name}`, spec: httpSpec(t) })),
    empty: "None yet: define them in the flow settings (click the canvas background).",
  };
  const code: ToolGroup = {
    title: "Code tools",
    tools: (catalog?.code ?? []).map((spec) => ({ ref: `code:${spec.name}`, spec })),
    empty: "None registered: a program gives them with defineTool.",
  };
  return catalog ? [...servers, http, code] : [http];
}

export interface Parameter {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function typeText(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (schema.type === "array" && isObject(schema.items) && typeof schema.items.type === "string") return `${schema.items.type}[]`;
  return typeof schema.type === "string" ? schema.type : "any";
}

/** A tool's arguments as rows to read: name, type, required, description. */
export function parametersOf(schema: Record<string, unknown>): Parameter[] {
  if (!isObject(schema.properties)) return [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(schema.properties).map(([name, sub]) => ({
    name,
    type: isObject(sub) ? typeText(sub) : "any",
    required: required.includes(name),
    ...(isObject(sub) && typeof sub.description === "string" && sub.description ? { description: sub.description } : {}),
  }));
}

/** The condition a "when" policy starts with: on the first numeric argument ("amount > 0"), else the first. */
export function firstCondition(fields: readonly SchemaField[]): Extract<ApprovalPolicy, { mode: "when" }> {
  const field = fields.find((f) => f.type === "number") ?? fields[0];
  return { mode: "when", path: field?.path ?? "", op: field?.type === "number" ? ">" : "==", value: firstValue(field) };
}

/** "2 tools, 1 needs approval": what the node on the canvas says of its tools. */
export function toolsSummary(tools: readonly ToolUse[]): string {
  const asking = tools.filter((t) => t.approval.mode !== "never").length;
  const count = tools.length === 1 ? "1 tool" : `${tools.length} tools`;
  return asking === 0 ? count : `${count}, ${asking} ${asking === 1 ? "needs" : "need"} approval`;
}
