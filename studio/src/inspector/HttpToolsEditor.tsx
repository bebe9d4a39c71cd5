// The flow's HTTP tools: requests its agents may make, each a method, a URL, headers and a body
// filled from the call's arguments, and the arguments as a JSON Schema. Secrets go in headers
// by name only; the names this server has come from its catalog, never their values.
import { HTTP_METHODS, type HttpTool, type OutputSchema, type Problem, type ToolCatalog } from "@tandem/shared";
import { useTools } from "../api/useTools.js";
import { addHttpTool, headersText, parseHeaders, removeHttpTool, setHttpTool } from "../flow/httpTools.js";
import { edit, useDocument } from "../stores/document.js";
import { PlusIcon, TrashIcon } from "../ui/icons.js";
import { Select, TextArea, TextInput } from "./fields.js";
import { ParsedTextArea } from "./ParsedTextArea.js";
import { problemAt } from "./problems.js";
import { SchemaEditor } from "./SchemaEditor.js";

export function HttpToolsEditor({ problems }: { problems: readonly Problem[] }) {
  const list = useDocument((s) => s.flow.httpTools) ?? [];
  return (
    <fieldset className="field http-tools">
      <legend>HTTP tools</legend>
      <p className="field-hint">Requests this flow's agents may make as tools. Give one to an agent in its Tools section.</p>
      <ol className="http-tool-list">
        {list.map((tool, i) => (
          <HttpToolItem key={i} index={i} tool={tool} problems={problems} />
        ))}
      </ol>
      <button type="button" className="btn btn-sm" onClick={() => edit(addHttpTool)}>
        <PlusIcon size={14} /> Add HTTP tool
      </button>
    </fieldset>
  );
}

function destinationsHint(catalog: ToolCatalog | undefined): string {
  const base = "Arguments by name, percent-encoded: …/orders/{{order_id}}.";
  if (!catalog) return base;
  const { allow, allowPrivate } = catalog.http;
  const where = allow.length ? `This server allows requests to ${allow.join(", ")}` : "This server allows requests nowhere yet";
  return `${base} ${where}${allowPrivate ? "" : ", never to private addresses"} (http in its tools configuration).`;
}

function secretsHint(catalog: ToolCatalog | undefined): string {
  const base = 'One "Name: value" a line. Secrets go here only, by name: {{secret.NAME}}.';
  if (!catalog) return base;
  const names = catalog.http.secrets;
  return `${base} ${names.length ? `This server has ${names.map((n) => `{{secret.${n}}}`).join(", ")}.` : "This server's tools configuration names no secrets."}`;
}

interface ItemProps {
  index: number;
  tool: HttpTool;
  problems: readonly Problem[];
}

function HttpToolItem({ index, tool, problems }: ItemProps) {
  // Asked for only once the flow has an HTTP tool: it names the destinations and secrets.
  const catalog = useTools().tools?.catalog;
  const at = `httpTools[${index}]`;
  const set = (patch: Partial<HttpTool>, part: string) => edit((f) => setHttpTool(f, index, { ...tool, ...patch }), `${at}.${part}`);
  const error = (field: string) => problemAt(problems, `${at}.${field}`);
  return (
    <li className="http-tool" aria-label={`HTTP tool ${tool.name}`}>
      <div className="field-row http-tool-name">
        <TextInput label="Tool name" value={tool.name} mono onChange={(name) => set({ name }, "name")} error={error("name") ?? problems.find((p) => p.path === at)?.message} />
        <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => edit((f) => removeHttpTool(f, index))}>
          <TrashIcon size={14} /> Remove {tool.name}
        </button>
      </div>
      <TextArea label="Tool description" value={tool.description} rows={2} placeholder="What it does (the model reads it)" onChange={(description) => set({ description }, "description")} error={error("description")} />
      <Select label="Method" value={tool.method} options={HTTP_METHODS.map((m) => ({ value: m, label: m }))} onChange={(method) => set({ method }, "method")} />
      <TextInput label="URL template" value={tool.url} mono onChange={(url) => set({ url }, "url")} error={error("url")} hint={destinationsHint(catalog)} />
      <ParsedTextArea
        label="Headers"
        value={tool.headers}
        format={headersText}
        parse={parseHeaders}
        onChange={(headers) => set({ headers }, "headers")}
        error={error("headers")}
        hint={secretsHint(catalog)}
        placeholder="Authorization: Bearer {{secret.API_KEY}}"
        rows={2}
      />
      <TextArea
        label="Body template"
        value={tool.body ?? ""}
        rows={3}
        mono
        placeholder='{"amount": {{amount}}}'
        onChange={(body) => set({ body: body || undefined }, "body")}
        error={error("body")}
        hint="JSON text; each {{argument}} is JSON-encoded. Empty: no body."
      />
      <details className="inspector-more" open>
        <summary>Arguments</summary>
        <SchemaEditor
          schema={tool.parameters as OutputSchema}
          at={`${at}.parameters`}
          problems={problems}
          set={(parameters, merge) => edit((f) => setHttpTool(f, index, { ...tool, parameters }), merge)}
          editKey={`${at}.parameters`}
          legend={`Arguments of ${tool.name}`}
          hint="What the model fills in; the templates use them by name."
          jsonLabel={`Arguments of ${tool.name} (JSON Schema)`}
        />
      </details>
    </li>
  );
}
