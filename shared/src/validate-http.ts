// A flow's HTTP tools: their templates, one name each, placeholders the parameters declare, and
// agents naming only HTTP tools the flow defines.
import type { Flow } from "./flow.js";
import { placeholdersOf, templateProblems } from "./http-template.js";
import { parseToolRef } from "./tools.js";
import { hasField } from "./validate-edge.js";

type Report = (path: string, message: string, ids?: { nodeId: string }) => void;

export function httpToolProblems(flow: Flow, { err, warn }: { err: Report; warn: Report }): void {
  const tools = flow.httpTools ?? [];
  const names = new Set<string>();
  tools.forEach((def, i) => {
    const at = `httpTools[${i}]`;
    if (names.has(def.name)) err(`${at}.name`, `another HTTP tool is named "${def.name}"; the model could not tell them apart`);
    names.add(def.name);
    for (const p of templateProblems(def)) (p.severity === "error" ? err : warn)(`${at}.${p.field}`, p.message);
    const templates: [string, string][] = [["url", def.url], ...Object.entries(def.headers).map(([name, t]): [string, string] => [`headers.${name}`, t]), ["body", def.body ?? ""]];
    for (const [field, template] of templates) {
      const unknown = new Set(placeholdersOf(template).flatMap((p) => (p.kind === "argument" && !hasField(def.parameters, p.path) ? [p.path] : [])));
      for (const path of unknown) warn(`${at}.${field}`, `{{${path}}} is not one of the tool's parameters, so the model is never asked for it`);
    }
  });
  flow.nodes.forEach((node, i) => {
    if (node.type !== "agent") return;
    node.data.tools?.forEach((use, j) => {
      const ref = parseToolRef(use.ref);
      if (ref?.kind === "http" && !names.has(ref.name)) {
        err(`nodes[${i}].data.tools[${j}].ref`, `no HTTP tool named "${ref.name}" in this flow (add it to the flow's HTTP tools)`, { nodeId: node.id });
      }
    });
  });
}
