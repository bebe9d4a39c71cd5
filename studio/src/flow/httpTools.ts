// The flow's HTTP tools as the flow inspector edits them: pure edits that keep the agents' refs
// ("http:<name>") following a renamed tool, and the headers as "Name: value" lines of text.
import type { Flow, HttpTool } from "@tandem/shared";
import { uniqueId } from "./ids.js";

function withHttpTools(flow: Flow, list: HttpTool[]): Flow {
  const { httpTools: _old, ...rest } = flow;
  return list.length ? { ...rest, httpTools: list } : rest;
}

export function addHttpTool(flow: Flow): Flow {
  const list = flow.httpTools ?? [];
  const name = uniqueId("http_tool", new Set(list.map((t) => t.name)));
  const tool: HttpTool = { name, description: "", method: "GET", url: "https://", headers: {}, parameters: { type: "object", properties: {}, required: [] } };
  return withHttpTools(flow, [...list, tool]);
}

export function removeHttpTool(flow: Flow, index: number): Flow {
  return withHttpTools(flow, (flow.httpTools ?? []).filter((_, i) => i !== index));
}

/** Replaces tool `index`; a new name is carried to every agent that used the old one (unless another tool still has it). */
export function setHttpTool(flow: Flow, index: number, tool: HttpTool): Flow {
  const list = flow.httpTools ?? [];
  const old = list[index];
  if (!old) return flow;
  const next = withHttpTools(flow, list.map((t, i) => (i === index ? tool : t)));
  if (old.name === tool.name || list.some((t, i) => i !== index && t.name === old.name)) return next;
  const from = `http:${old.name}`;
  return {
    ...next,
    nodes: next.nodes.map((n) =>
      n.type === "agent" && n.data.tools?.some((u) => u.ref === from)
        ? { ...n, data: { ...n.data, tools: n.data.tools.map((u) => (u.ref === from ? { ...u, ref: `http:${tool.name}` } : u)) } }
        : n,
    ),
  };
}

export const headersText = (headers: Record<string, string>): string =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");

/** "Name: value" lines (blank lines skipped) as headers, or which line is not one. */
export function parseHeaders(text: string): { value: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim();
    if (colon < 0 || !name) return { error: `line ${i + 1}: expected "Name: value"` };
    if (name in headers) return { error: `line ${i + 1}: the header ${name} is given twice` };
    headers[name] = line.slice(colon + 1).trim();
  }
  return { value: headers };
}
